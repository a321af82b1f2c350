namespace GeoFence.Sanitizing.Policy;

/// <summary>What the policy decided for one fix.</summary>
public enum VerdictAction
{
    /// <summary>Forward at the allowed precision.</summary>
    Allow = 1,

    /// <summary>Forward coarsened to a grid.</summary>
    Redact = 2,

    /// <summary>Forward nothing.</summary>
    Block = 3,
}
