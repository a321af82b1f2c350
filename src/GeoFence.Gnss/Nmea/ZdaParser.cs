namespace GeoFence.Gnss.Nmea;

/// <summary>ZDA: time, day, month, four-digit year, local zone hours and minutes; a date reference only.</summary>
internal static class ZdaParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/>.</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (f.Count != 7
            || !NmeaNumber.TryParseTime(f[1], out d.TimeOfDay)
            || !f.TryOptionalDigits(2, 2, out d.Day) || d.Day is 0 or > 31
            || !f.TryOptionalDigits(3, 2, out d.Month) || d.Month is 0 or > 12
            || !(f[4].IsEmpty || (f[4].Length == 4 && NmeaNumber.TryParseDigits(f[4], 4, out d.Year)))
            || !(f[5].IsEmpty || (NmeaNumber.TryParseDecimal(f[5], out var zoneHours, out var scale) && scale == 0 && zoneHours is >= -13 and <= 13))
            || !f.TryOptionalDigits(6, 2, out var zoneMinutes) || zoneMinutes > 59)
        {
            return false;
        }

        if (f[4].IsEmpty)
        {
            d.Year = -1;
        }

        // All three date fields or none, and a real calendar day.
        if ((d.Day < 0) != (d.Month < 0) || (d.Day < 0) != (d.Year < 0)
            || (d.Day > 0 && (d.Year < 1 || d.Day > DateTime.DaysInMonth(d.Year, d.Month))))
        {
            return false;
        }

        d.DateReferenceOnly = true;
        return true;
    }
}
