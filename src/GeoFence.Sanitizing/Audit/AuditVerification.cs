namespace GeoFence.Sanitizing.Audit;

/// <summary>The result of checking an audit log's chain.</summary>
/// <param name="Entries">Entries read.</param>
/// <param name="FirstIndex">`n` of the first entry (above 0: earlier entries were pruned by retention, or removed).</param>
/// <param name="HeadHash">SHA-256 of the last entry line: compare with an anchored copy to detect tail removal.</param>
/// <param name="Problems">Each break found, with its line number; empty when intact.</param>
public sealed record AuditVerification(long Entries, long FirstIndex, string HeadHash, IReadOnlyList<string> Problems)
{
    /// <summary>True when no problem was found.</summary>
    public bool Intact => Problems.Count == 0;
}
