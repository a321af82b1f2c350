namespace GeoFence.Gnss.Nmea;

/// <summary>RMC: time, status, position, speed, course, date, magnetic variation, mode (2.3+), navigational status (4.10+).</summary>
internal static class RmcParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/>.</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (f.Count < 12 || f.Count > 14
            || !NmeaNumber.TryParseTime(f[1], out d.TimeOfDay)
            || f[2].Length != 1 || f[2][0] is not ((byte)'A' or (byte)'V')
            || !f.TryPosition(3, ref d)
            || !f.TryOptionalDecimalInRange(7, 99999, out var knots)
            || !f.TryOptionalDecimalInRange(8, 360, out d.CourseDeg)
            || !NmeaNumber.TryParseDate(f[9], out d.Day, out d.Month, out d.Year)
            || !f.TryOptionalDecimalInRange(10, 180, out _)
            || !(f[11].IsEmpty || (f[11].Length == 1 && f[11][0] is (byte)'E' or (byte)'W'))
            || !NmeaFieldRules.TryModeLetter(f[12], out var modeQuality)
            || !NmeaFieldRules.IsNavigationalStatus(f[13]))
        {
            return false;
        }

        d.TwoDigitYear = true;
        d.SpeedMps = knots * NmeaFieldRules.MetresPerSecondPerKnot;
        var valid = f[2][0] == (byte)'A' && modeQuality != 0;
        if (!valid)
        {
            NmeaFieldRules.DropPosition(ref d);
            d.SpeedMps = double.NaN;
            d.CourseDeg = double.NaN;
            d.Mode = 1;
        }
        else if (modeQuality > 0)
        {
            d.Quality = modeQuality;
            d.QualityRank = 1;
        }

        return true;
    }
}
