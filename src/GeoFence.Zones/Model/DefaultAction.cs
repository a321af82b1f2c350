namespace GeoFence.Zones.Model;

/// <summary>What to do with a fix that matches no zone.</summary>
/// <param name="Kind">Allow, redact or block.</param>
/// <param name="RedactGridMetres">Grid size when redacting.</param>
public readonly record struct DefaultAction(DefaultActionKind Kind, double RedactGridMetres);

/// <summary>Kinds of default action.</summary>
public enum DefaultActionKind
{
    /// <summary>Forward at the policy's maximum output precision.</summary>
    Allow = 0,

    /// <summary>Snap to a grid.</summary>
    Redact = 1,

    /// <summary>Forward nothing.</summary>
    Block = 2,
}
