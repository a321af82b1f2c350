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

        var satellites = satelliteFields - (hasSignalId ? 1 : 0);
        if (satellites > 0 && !SatellitesAreValid(f.Range(4, 3 + satellites)))
        {
            return false;
        }

        if (hasSignalId && !(f[f.Count - 1].Length == 1 && IsHexDigit(f[f.Count - 1][0])))
        {
            return false;
        }

        d.CanEndCycle = number == total;
        return true;
    }

    /// <summary>
    /// One pass over the (id, elevation, azimuth, SNR) groups: each field empty or digits, id 1..999, elevation 0..90,
    /// azimuth 0..360, SNR 0..99 (GSV is a quarter of all sentences, so this avoids a call per field).
    /// </summary>
    private static bool SatellitesAreValid(ReadOnlySpan<byte> groups)
    {
        var field = 0;
        var digits = 0;
        var value = 0;
        for (var i = 0; i <= groups.Length; i++)
        {
            var c = i < groups.Length ? groups[i] : (byte)',';
            if (c == (byte)',')
            {
                var valid = (field & 3) switch
                {
                    0 => digits <= 3 && (digits == 0 || value >= 1),
                    1 => digits <= 2 && value <= 90,
                    2 => digits <= 3 && value <= 360,
                    _ => digits <= 2,
                };
                if (!valid)
                {
                    return false;
                }

                field++;
                digits = 0;
                value = 0;
                continue;
            }

            var d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }

            digits++;
            value = (value * 10) + (int)d;
        }

        return true;
    }

    private static bool IsHexDigit(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F';
}
