namespace GeoFence.Zones.Model;

/// <summary>One weekly window: on the given days, from start to end time of day at a fixed UTC offset.</summary>
/// <param name="Days">Days of the week the window opens on.</param>
/// <param name="Start">Opening time of day (inclusive).</param>
/// <param name="End">Closing time of day (exclusive); earlier than start means the window runs past midnight.</param>
/// <param name="UtcOffset">Offset the times are expressed in.</param>
public sealed record WeeklyWindow(IReadOnlySet<DayOfWeek> Days, TimeOnly Start, TimeOnly End, TimeSpan UtcOffset)
{
    /// <summary>True when the instant falls in this window.</summary>
    public bool Contains(DateTimeOffset instant)
    {
        var local = instant.ToOffset(UtcOffset);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (Start <= End)
        {
            return Days.Contains(local.DayOfWeek) && time >= Start && time < End;
        }

        // Overnight: the part after start belongs to that day, the part before end to the previous day.
        return (Days.Contains(local.DayOfWeek) && time >= Start)
            || (Days.Contains(local.AddDays(-1).DayOfWeek) && time < End);
    }
}
