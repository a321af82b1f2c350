using GeoFence.Sanitizing.Policy;
using GeoFence.Zones.Decisions;

namespace GeoFence.Device.Pipeline;

/// <summary>Adapts the policy engine's <see cref="Decision"/> to the sanitiser's <see cref="Verdict"/>.</summary>
internal static class Verdicts
{
    /// <summary>Zone-triggered when a block or redact zone matched (directly or through the segment); otherwise a default action.</summary>
    public static Verdict From(in Decision decision, string policyId)
    {
        var action = decision.Action switch
        {
            DecisionAction.Allow => VerdictAction.Allow,
            DecisionAction.Redact => VerdictAction.Redact,
            _ => VerdictAction.Block, // anything unknown is a block (fail closed)
        };
        var zoneTriggered = (decision.Reasons & (DecisionReasons.BlockZone | DecisionReasons.RedactZone)) != 0;
        return new Verdict(action, decision.RedactGridMetres, zoneTriggered, decision.ZoneIds ?? [], policyId, decision.PolicyVersion);
    }
}
