namespace GeoFence.Gnss.Epochs;

/// <summary>Turns receiver dates into plausible UTC dates: century of two-digit years, GPS 1024-week rollover.</summary>
internal sealed class DateResolver
{
    private static readonly TimeSpan GpsWeekRollover = TimeSpan.FromDays(7 * 1024);

    private readonly DateTime _minimum;

    private int _lastYear;
    private int _lastMonth;
    private int _lastDay;
    private bool _lastTwoDigitYear;
    private bool _hasLast;
    private DateTime _lastDate;
    private bool _lastResult;

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
        if (_hasLast && year == _lastYear && month == _lastMonth && day == _lastDay && twoDigitYear == _lastTwoDigitYear)
        {
            date = _lastDate;
            return _lastResult;
        }

        var result = Resolve(year, month, day, twoDigitYear, out date);
        _lastYear = year;
        _lastMonth = month;
        _lastDay = day;
        _lastTwoDigitYear = twoDigitYear;
        _lastDate = date;
        _lastResult = result;
        _hasLast = true;
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
}
