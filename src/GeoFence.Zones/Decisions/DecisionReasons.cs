namespace GeoFence.Zones.Decisions;

/// <summary>Why a decision was taken (internal reason ids for audit and status; never sent out with data).</summary>
[Flags]
public enum DecisionReasons
{
    /// <summary>No reason recorded.</summary>
    None = 0,

    /// <summary>No usable policy: fail closed.</summary>
    NoPolicy = 1 << 0,

    /// <summary>The fix time lies outside the policy's validity window.</summary>
    PolicyNotValidAtTime = 1 << 1,

    /// <summary>The fix is not valid, or its coordinates are out of range.</summary>
    NoValidFix = 1 << 2,

    /// <summary>The fix carries neither accuracy nor HDOP.</summary>
    UnknownAccuracy = 1 << 3,

    /// <summary>The error radius exceeds the policy's maximum.</summary>
    AccuracyTooPoor = 1 << 4,

    /// <summary>A block zone matched.</summary>
    BlockZone = 1 << 5,

    /// <summary>A redact zone matched.</summary>
    RedactZone = 1 << 6,

    /// <summary>A permit zone contains the fix.</summary>
    PermitZone = 1 << 7,

    /// <summary>No zone decided: the policy default applied.</summary>
    DefaultAction = 1 << 8,

    /// <summary>A zone matched only through the segment from the previous fix.</summary>
    SegmentCrossing = 1 << 9,
}
