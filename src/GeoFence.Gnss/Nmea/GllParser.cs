namespace GeoFence.Gnss.Nmea;

/// <summary>GLL: position, time, status, mode (2.3+); NMEA 1.x GLL without time is accepted.</summary>
internal static class GllParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/>.</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (f.Count < 5 || f.Count > 8 || f.Count == 6
            || !f.TryPosition(1, ref d)
            || !NmeaNumber.TryParseTime(f[5], out d.TimeOfDay)
            || !(f.Count == 5 || (f[6].Length == 1 && f[6][0] is (byte)'A' or (byte)'V'))
            || !NmeaFieldRules.TryModeLetter(f[7], out var modeQuality))
        {
            return false;
        }

        if ((f.Count > 5 && f[6][0] == (byte)'V') || modeQuality == 0)
        {
            NmeaFieldRules.DropPosition(ref d);
        }
        else if (modeQuality > 0)
        {
            d.Quality = modeQuality;
            d.QualityRank = 1;
        }

        return true;
    }
}
