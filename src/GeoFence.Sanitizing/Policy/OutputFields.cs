namespace GeoFence.Sanitizing.Policy;

/// <summary>Outgoing fields a policy may allow per level (gpsd TPV names in comments); seq, level and schema always go.</summary>
[Flags]
public enum OutputFields
{
    /// <summary>No optional field.</summary>
    None = 0,

    /// <summary>`time`.</summary>
    Time = 1,

    /// <summary>`lat` and `lon` (always together).</summary>
    Position = 2,

    /// <summary>`altHAE`.</summary>
    AltitudeHae = 4,

    /// <summary>`altMSL`.</summary>
    AltitudeMsl = 8,

    /// <summary>`eph`: horizontal error estimate in metres.</summary>
    HorizontalError = 16,

    /// <summary>`speed`: metres per second.</summary>
    Speed = 32,

    /// <summary>`track`: course over ground, degrees true.</summary>
    Course = 64,

    /// <summary>`mode`: 2 or 3.</summary>
    Mode = 128,

    /// <summary>Every optional field.</summary>
    All = Time | Position | AltitudeHae | AltitudeMsl | HorizontalError | Speed | Course | Mode,
}
