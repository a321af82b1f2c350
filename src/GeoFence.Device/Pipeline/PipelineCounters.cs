using GeoFence.Zones.Decisions;

namespace GeoFence.Device.Pipeline;

/// <summary>What the pipeline did, as counts only (no coordinates). Written by the pipeline thread, readable from any.</summary>
public sealed class PipelineCounters
{
    private static readonly DecisionReasons[] ReasonFlags = Enum.GetValues<DecisionReasons>().Where(r => r != DecisionReasons.None).ToArray();
    private readonly long[] byReason = new long[ReasonFlags.Length];
    private long epochs;
    private long validFixes;
    private long allowed;
    private long redacted;
    private long blocked;
    private long noPolicy;
    private long rulesRejected;
    private long forwarded;
    private long droppedAtSwap;
    private long auditWithheld;

    /// <summary>Fixes (epochs) received from the decoder.</summary>
    public long Epochs => Interlocked.Read(ref epochs);

    /// <summary>Epochs with a usable position (2D/3D, finite, usable quality, known time).</summary>
    public long ValidFixes => Interlocked.Read(ref validFixes);

    /// <summary>Decided allow.</summary>
    public long Allowed => Interlocked.Read(ref allowed);

    /// <summary>Decided redact.</summary>
    public long Redacted => Interlocked.Read(ref redacted);

    /// <summary>Decided block (zone, default, no valid fix, no policy, accuracy …).</summary>
    public long Blocked => Interlocked.Read(ref blocked);

    /// <summary>Epochs that arrived with no usable policy (fail closed; also counted as blocked).</summary>
    public long NoPolicy => Interlocked.Read(ref noPolicy);

    /// <summary>Epochs that arrived while the policy's output rules were rejected (fail closed; nothing sanitised).</summary>
    public long RulesRejected => Interlocked.Read(ref rulesRejected);

    /// <summary>Records handed to the sink.</summary>
    public long Forwarded => Interlocked.Read(ref forwarded);

    /// <summary>Waiting records dropped when a policy swap retired the sanitiser (never sent early).</summary>
    public long DroppedAtSwap => Interlocked.Read(ref droppedAtSwap);

    /// <summary>Fixes withheld because the audit could not record their decision (data directory full, I/O error).</summary>
    public long AuditWithheldFixes => Interlocked.Read(ref auditWithheld);

    /// <summary>Decisions per reason flag, by name (a decision with several reasons counts under each).</summary>
    public IReadOnlyDictionary<string, long> ByReason()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < ReasonFlags.Length; i++)
        {
            var value = Interlocked.Read(ref byReason[i]);
            if (value != 0)
            {
                result[ReasonFlags[i].ToString()] = value;
            }
        }

        return result;
    }

    internal void Epoch(bool valid)
    {
        Interlocked.Increment(ref epochs);
        if (valid)
        {
            Interlocked.Increment(ref validFixes);
        }
    }

    internal void Decided(in Decision decision)
    {
        if (decision.Action == DecisionAction.Allow)
        {
            Interlocked.Increment(ref allowed);
        }
        else if (decision.Action == DecisionAction.Redact)
        {
            Interlocked.Increment(ref redacted);
        }
        else
        {
            Interlocked.Increment(ref blocked);
        }

        for (var i = 0; i < ReasonFlags.Length; i++)
        {
            if ((decision.Reasons & ReasonFlags[i]) != 0)
            {
                Interlocked.Increment(ref byReason[i]);
            }
        }

        if ((decision.Reasons & DecisionReasons.NoPolicy) != 0)
        {
            Interlocked.Increment(ref noPolicy);
        }
    }

    internal void RulesRejectedEpoch() => Interlocked.Increment(ref rulesRejected);

    internal void Forward() => Interlocked.Increment(ref forwarded);

    internal void SwapDropped(int count) => Interlocked.Add(ref droppedAtSwap, count);

    internal void AuditWithheld() => Interlocked.Increment(ref auditWithheld);
}
