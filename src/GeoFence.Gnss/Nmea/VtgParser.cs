namespace GeoFence.Gnss.Nmea;

/// <summary>VTG: course true/magnetic, speed in knots and km/h, mode (2.3+); the NMEA 1.x form without unit letters too.</summary>
internal static class VtgParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/>.</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        double knots;
        double kph;
        var modeQuality = -2;
        if (f.Count == 5)
        {
            if (!f.TryOptionalDecimalInRange(1, 360, out d.CourseDeg)
                || !f.TryOptionalDecimalInRange(2, 360, out _)
                || !f.TryOptionalDecimalInRange(3, 99999, out knots)
                || !f.TryOptionalDecimalInRange(4, 999999, out kph))
            {
                return false;
            }
        }
        else if (f.Count is < 9 or > 10
            || !f.TryOptionalDecimalInRange(1, 360, out d.CourseDeg) || !NmeaNumber.IsEmptyOr(f[2], 'T')
            || !f.TryOptionalDecimalInRange(3, 360, out _) || !NmeaNumber.IsEmptyOr(f[4], 'M')
            || !f.TryOptionalDecimalInRange(5, 99999, out knots) || !NmeaNumber.IsEmptyOr(f[6], 'N')
            || !f.TryOptionalDecimalInRange(7, 999999, out kph) || !NmeaNumber.IsEmptyOr(f[8], 'K')
            || !NmeaFieldRules.TryModeLetter(f[9], out modeQuality))
        {
            return false;
        }

        d.SpeedMps = !double.IsNaN(knots) ? knots * NmeaFieldRules.MetresPerSecondPerKnot : kph * NmeaFieldRules.MetresPerSecondPerKph;
        if (modeQuality == 0)
        {
            d.SpeedMps = double.NaN;
            d.CourseDeg = double.NaN;
        }

        return true;
    }
}
