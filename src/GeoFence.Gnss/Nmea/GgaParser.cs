namespace GeoFence.Gnss.Nmea;

/// <summary>GGA: time, position, quality, satellites, HDOP, altitude, geoid separation, DGPS age and station.</summary>
internal static class GgaParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/>.</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (f.Count < 15
            || !NmeaNumber.TryParseTime(f[1], out d.TimeOfDay)
            || !f.TryPosition(2, ref d)
            || !f.TryOptionalDigits(6, 1, out var quality) || quality is < 0 or > 8
            || !f.TryOptionalDigits(7, 3, out d.Satellites)
            || !f.TryOptionalDecimalInRange(8, 999.99, out d.Hdop)
            || !f.TryOptionalDecimal(9, out d.AltitudeMsl) || !NmeaNumber.IsEmptyOr(f[10], 'M')
            || !f.TryOptionalDecimal(11, out d.GeoidSeparation) || !NmeaNumber.IsEmptyOr(f[12], 'M')
            || !f.TryOptionalDecimalInRange(13, 1e6, out _)
            || !f.TryOptionalDigits(14, 4, out var station) || station > 1023)
        {
            return false;
        }

        d.Quality = quality;
        d.QualityRank = 2;
        if (quality == 0)
        {
            NmeaFieldRules.DropPosition(ref d);
        }

        return true;
    }
}
