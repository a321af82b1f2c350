namespace GeoFence.Sanitizing.Audit;

/// <summary>What was decided for one fix, as the audit records it.</summary>
public enum AuditOutcome
{
    /// <summary>The policy allowed the fix.</summary>
    Allow = 1,

    /// <summary>The policy redacted the fix.</summary>
    Redact = 2,

    /// <summary>The policy blocked the fix.</summary>
    Block = 3,

    /// <summary>The fix or the verdict was unusable; nothing left for it.</summary>
    Invalid = 4,
}
