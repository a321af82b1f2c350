namespace GeoFence.Sanitizing.Guard;

/// <summary>Where the trajectory guard is in an event.</summary>
internal enum GuardPhase
{
    /// <summary>No event: fixes enter the delay line.</summary>
    Clear = 0,

    /// <summary>The last fix was blocked or zone-redacted.</summary>
    Inside = 1,

    /// <summary>Left the zone; suppressing until beyond the clearance distance and the minimum time.</summary>
    Clearing = 2,
}
