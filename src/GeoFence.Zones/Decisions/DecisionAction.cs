namespace GeoFence.Zones.Decisions;

/// <summary>What may leave the unit for a fix.</summary>
public enum DecisionAction
{
    /// <summary>Forward at the policy's maximum output precision.</summary>
    Allow = 0,

    /// <summary>Forward snapped to a grid of <see cref="Decision.RedactGridMetres"/>.</summary>
    Redact = 1,

    /// <summary>Forward nothing.</summary>
    Block = 2,
}
