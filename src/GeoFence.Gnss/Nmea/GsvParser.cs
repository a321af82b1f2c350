using System.Buffers;

namespace GeoFence.Gnss.Nmea;

/// <summary>GSV: message count/number, satellites in view, up to 4 (id, elevation, azimuth, SNR) and a signal id (4.10+).</summary>
internal static class GsvParser
{
    private static readonly SearchValues<byte> DigitsAndComma = SearchValues.Create("0123456789,"u8);

    /// <summary>Validates every field; on success fills <paramref name="d"/> (GSV contributes no fix values).</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (!TryParse(f, out var canEndCycle))
        {
            return false;
        }

        d.CanEndCycle = canEndCycle;
        return true;
    }

    /// <summary>Validates every field; <paramref name="canEndCycle"/> is false for a part other than the last.</summary>
    public static bool TryParse(in NmeaFields f, out bool canEndCycle)
    {
        canEndCycle = false;
        if (f.Count < 4
            || !NmeaNumber.TryParseDigits(f[1], 1, out var total) || total < 1
            || !NmeaNumber.TryParseDigits(f[2], 1, out var number) || number < 1 || number > total
            || !NmeaNumber.TryParseDigits(f[3], 3, out _))
        {
            return false;
        }

        var satelliteFields = f.Count - 4;
        var hasSignalId = satelliteFields % 4 == 1;
        if (satelliteFields % 4 > 1 || satelliteFields / 4 > 4)
        {
            return false;
        }

        var satellites = satelliteFields - (hasSignalId ? 1 : 0);
        if (satellites > 0 && !SatellitesAreValid(f, satellites))
        {
            return false;
        }

        if (hasSignalId && !(f[f.Count - 1].Length == 1 && IsHexDigit(f[f.Count - 1][0])))
        {
            return false;
        }

        canEndCycle = number == total;
        return true;
    }

    /// <summary>
    /// The (id, elevation, azimuth, SNR) groups: each field empty or digits (one vectorised scan for all of them),
    /// id 1..999, elevation 0..90, azimuth 0..360, SNR 0..99. GSV is the most frequent sentence, so no call per field.
    /// </summary>
    private static bool SatellitesAreValid(in NmeaFields f, int fieldCount)
    {
        if (f.Range(4, 3 + fieldCount).IndexOfAnyExcept(DigitsAndComma) >= 0)
        {
            return false;
        }

        for (var i = 4; i < 4 + fieldCount; i += 4)
        {
            var id = f[i];
            var elevation = f[i + 1];
            var azimuth = f[i + 2];
            if (id.Length > 3 || elevation.Length > 2 || azimuth.Length > 3 || f[i + 3].Length > 2
                || (id.Length > 0 && NmeaNumber.IsAllZeros(id))
                || (elevation.Length == 2 && ((elevation[0] - '0') * 10) + (elevation[1] - '0') > 90)
                || (azimuth.Length == 3 && ((azimuth[0] - '0') * 100) + ((azimuth[1] - '0') * 10) + (azimuth[2] - '0') > 360))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHexDigit(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F';
}
