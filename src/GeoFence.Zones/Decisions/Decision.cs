namespace GeoFence.Zones.Decisions;

/// <summary>The verdict for one fix. Carries zone ids and reasons for the audit, never coordinates or distances.</summary>
/// <param name="Action">Allow, redact or block.</param>
/// <param name="RedactGridMetres">Grid size for <see cref="DecisionAction.Redact"/>; 0 otherwise.</param>
/// <param name="Reasons">Why.</param>
/// <param name="ZoneIds">Ids of the zones that matched (internal only).</param>
/// <param name="PolicyVersion">Version of the policy that decided; 0 when there was none.</param>
public readonly record struct Decision(
    DecisionAction Action,
    double RedactGridMetres,
    DecisionReasons Reasons,
    IReadOnlyList<string> ZoneIds,
    long PolicyVersion)
{
    /// <summary>A block decision with a reason and no zones.</summary>
    public static Decision Blocked(DecisionReasons reasons, long policyVersion) =>
        new(DecisionAction.Block, 0, reasons, [], policyVersion);

    /// <summary>Lower-case action word: allow, redact or block.</summary>
    public string ActionName => Action switch
    {
        DecisionAction.Allow => "allow",
        DecisionAction.Redact => "redact",
        _ => "block",
    };
}
