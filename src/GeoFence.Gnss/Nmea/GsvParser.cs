namespace GeoFence.Gnss.Nmea;

/// <summary>GSV: message count/number, satellites in view, up to 4 (id, elevation, azimuth, SNR) and a signal id (4.10+).</summary>
internal static class GsvParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/> (GSV contributes no fix values).</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
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

        for (var i = 4; i + 3 < f.Count; i += 4)
        {
            if (!NmeaNumber.TryParseOptionalInt(f[i], 3, 1, 999, out _)
                || !NmeaNumber.TryParseOptionalInt(f[i + 1], 2, 0, 90, out _)
                || !NmeaNumber.TryParseOptionalInt(f[i + 2], 3, 0, 360, out _)
                || !NmeaNumber.TryParseOptionalInt(f[i + 3], 2, 0, 99, out _))
            {
                return false;
            }
        }

        if (hasSignalId && !(f[f.Count - 1].Length == 1 && IsHexDigit(f[f.Count - 1][0])))
        {
            return false;
        }

        d.CanEndCycle = number == total;
        return true;
    }

    private static bool IsHexDigit(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F';
}
