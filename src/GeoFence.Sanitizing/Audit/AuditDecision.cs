namespace GeoFence.Sanitizing.Audit;

/// <summary>One decision as handed to the audit; carries no coordinates. Time and zone ids are coarsened/hashed by the writer.</summary>
/// <param name="Time">Time of the decision (the fix time, or the arrival time when the fix had none).</param>
/// <param name="Outcome">The decision.</param>
/// <param name="ZoneIds">Internal zone ids that matched.</param>
/// <param name="PolicyId">Id of the deciding policy.</param>
/// <param name="PolicyVersion">Version of the deciding policy.</param>
public readonly record struct AuditDecision(DateTimeOffset Time, AuditOutcome Outcome, IReadOnlyList<string> ZoneIds, string PolicyId, long PolicyVersion);
