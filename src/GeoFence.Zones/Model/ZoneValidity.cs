namespace GeoFence.Zones.Model;

/// <summary>When a zone is in force: an optional [from, to) interval and optional weekly windows.</summary>
/// <param name="From">First instant in force, or null for always.</param>
/// <param name="To">First instant no longer in force, or null for never ending.</param>
/// <param name="Weekly">Weekly windows; empty means every day, all day.</param>
public sealed record ZoneValidity(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<WeeklyWindow> Weekly)
{
    /// <summary>Always in force.</summary>
    public static ZoneValidity Always { get; } = new(null, null, []);

    /// <summary>True when this validity has no restriction.</summary>
    public bool IsAlways => From is null && To is null && Weekly.Count == 0;

    /// <summary>True when the zone is in force at the instant.</summary>
    public bool IsActiveAt(DateTimeOffset instant)
    {
        if ((From is { } from && instant < from) || (To is { } to && instant >= to))
        {
            return false;
        }

        if (Weekly.Count == 0)
        {
            return true;
        }

        foreach (var window in Weekly)
        {
            if (window.Contains(instant))
            {
                return true;
            }
        }

        return false;
    }
}
