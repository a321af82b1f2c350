namespace GeoFence.Gnss.Epochs;

/// <summary>Turns receiver dates into plausible UTC dates: century of two-digit years, GPS 1024-week rollover.</summary>
internal sealed class DateResolver
{
    private static readonly TimeSpan GpsWeekRollover = TimeSpan.FromDays(7 * 1024);

    private readonly DateTime _minimum;

    // The answer for the last date, one slot for two-digit years (RMC) and one for four (ZDA, UBX): receivers that send
    // both alternate between them.
    private readonly CachedDate[] _last = new CachedDate[2];

    /// <summary>Creates a resolver against the earliest plausible date.</summary>
    public DateResolver(DateTimeOffset minimumPlausibleDate) => _minimum = minimumPlausibleDate.UtcDateTime.Date;

    /// <summary>
    /// Resolves a date. A two-digit year takes the century that puts it within 50 years of the minimum. A date up to
    /// 1024 weeks before the minimum is a receiver with the GPS week rollover bug and is moved forward 1024 weeks;
    /// anything older is implausible (false).
    /// </summary>
    public bool TryResolve(int year, int month, int day, bool twoDigitYear, out DateTime date)
    {
        // Every RMC/ZDA of a day carries the same date: the answer for the last one is kept (the rule is pure).
        ref var last = ref _last[twoDigitYear ? 1 : 0];
        if (last.Known && year == last.Year && month == last.Month && day == last.Day)
        {
            date = last.Date;
            return last.Result;
        }

        var result = Resolve(year, month, day, twoDigitYear, out date);
        last = new CachedDate { Known = true, Year = year, Month = month, Day = day, Date = date, Result = result };
        return result;
    }

    private bool Resolve(int year, int month, int day, bool twoDigitYear, out DateTime date)
    {
        date = default;
        if (twoDigitYear)
        {
            var century = (_minimum.Year - 50) / 100 * 100;
            year += century;
            if (year < _minimum.Year - 50)
            {
                year += 100;
            }
        }

        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc);
        if (date >= _minimum)
        {
            return true;
        }

        if (date >= _minimum - GpsWeekRollover)
        {
            date += GpsWeekRollover;
            return true;
        }

        return false;
    }

    private struct CachedDate
    {
        public bool Known;
        public int Year;
        public int Month;
        public int Day;
        public DateTime Date;
        public bool Result;
    }
}
