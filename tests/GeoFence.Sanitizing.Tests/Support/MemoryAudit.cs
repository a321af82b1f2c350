using GeoFence.Sanitizing.Audit;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>Keeps decisions in memory.</summary>
public sealed class MemoryAudit : IDecisionAudit
{
    public List<AuditDecision> Decisions { get; } = [];

    public void Record(in AuditDecision decision) => Decisions.Add(decision);
}
