namespace GeoFence.Sanitizing.Policy;

/// <summary>The policy's decision for one fix, as the sanitiser consumes it.</summary>
/// <param name="Action">Allow, redact or block.</param>
/// <param name="RedactGridMetres">Grid cell size for <see cref="VerdictAction.Redact"/>; ignored otherwise.</param>
/// <param name="ZoneTriggered">True when a block or redact zone matched; false for the policy's default action.</param>
/// <param name="ZoneIds">Internal ids of the matching zones; only ever keyed-hashed into the audit.</param>
/// <param name="PolicyId">Id of the signed policy that decided.</param>
/// <param name="PolicyVersion">Version of that policy.</param>
public readonly record struct Verdict(
    VerdictAction Action,
    double RedactGridMetres,
    bool ZoneTriggered,
    IReadOnlyList<string> ZoneIds,
    string PolicyId,
    long PolicyVersion)
{
    /// <summary>True when the verdict is usable; anything else is treated as a block (fail closed).</summary>
    public bool IsWellFormed =>
        Action is VerdictAction.Allow or VerdictAction.Redact or VerdictAction.Block
        && (Action != VerdictAction.Redact || (double.IsFinite(RedactGridMetres) && RedactGridMetres > 0))
        && ZoneIds is not null
        && !string.IsNullOrWhiteSpace(PolicyId)
        && PolicyVersion >= 0;

    /// <summary>True when this fix starts or continues a guarded event: blocked, or redacted by a zone.</summary>
    public bool TriggersGuard => Action == VerdictAction.Block || (Action == VerdictAction.Redact && ZoneTriggered);
}
