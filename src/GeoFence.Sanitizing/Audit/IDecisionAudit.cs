namespace GeoFence.Sanitizing.Audit;

/// <summary>Receives every decision before anything for it can leave; a failure to record stops the fix (fail closed).</summary>
public interface IDecisionAudit
{
    /// <summary>Records one decision durably, or throws.</summary>
    void Record(in AuditDecision decision);
}
