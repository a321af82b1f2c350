using GeoFence.Gnss;
using GeoFence.Sanitizing;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Guard;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Decisions;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.Pipeline;

/// <summary>
/// The unit's pipeline core: for each fix, decide with the policy in force (previous fix for the segment test), sanitise,
/// and hand every <see cref="CompliantFix"/> to the sink. A policy swap (the holder's Changed event, possibly from another
/// thread) is picked up on the pipeline thread at the next fix or pump: the sanitiser is rebuilt for the new output rules,
/// the sequence continues, and the old delay line is dropped (a waiting record never leaves early). No usable policy, or
/// output rules that don't map → nothing leaves (counted). A decision the audit cannot record (data directory full, I/O
/// error) withholds its fix (counted, logged once per spell) and the pipeline carries on: the audit is retried with the
/// next fix. Not thread-safe: one thread calls OnFix, Pump and Flush.
/// </summary>
public sealed class FixPipeline : IGnssSink, IDisposable
{
    private readonly PolicyHolder holder;
    private readonly IUnitSecrets secrets;
    private readonly IGuardRandom random;
    private readonly IDecisionAudit audit;
    private readonly TimeProvider time;
    private readonly ICompliantSink sink;
    private readonly ILogger logger;
    private PolicyState pending;
    private PolicyState? applied;
    private CompiledPolicy? policy;
    private Sanitizer? sanitizer;
    private PositionSample? previous;
    private long nextSequence;
    private long withheldThisSpell;

    /// <summary>Creates the pipeline over the policy holder; <paramref name="firstSequence"/> continues the outbox's numbering.</summary>
    public FixPipeline(PolicyHolder holder, IUnitSecrets secrets, IGuardRandom random, IDecisionAudit audit, TimeProvider time, ICompliantSink sink, ILogger? logger = null, long firstSequence = 1)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(sink);
        this.holder = holder;
        this.secrets = secrets;
        this.random = random;
        this.audit = audit;
        this.time = time;
        this.sink = sink;
        this.logger = logger ?? NullLogger.Instance;
        nextSequence = firstSequence;
        pending = holder.Current;
        holder.Changed += OnPolicyChanged;
    }

    /// <summary>Counts by action and reason, fail-closed epochs, forwarded records.</summary>
    public PipelineCounters Counters { get; } = new();

    /// <summary>The current sanitiser's counters (suppression, invalid, flush), or null while nothing can leave.</summary>
    public SanitizerCounters? SanitizerCounters => sanitizer?.Counters;

    /// <summary>Sequence number the next outgoing record gets.</summary>
    public long NextSequence => sanitizer?.NextSequence ?? nextSequence;

    /// <summary>When <see cref="Pump"/> next has something to release, on the pipeline clock; null when nothing waits.</summary>
    public DateTimeOffset? NextDue => sanitizer?.NextDue;

    /// <summary>True when a policy with usable output rules is in force (something may leave).</summary>
    public bool CanForward => sanitizer is not null;

    /// <inheritdoc />
    public void OnFix(in Fix fix) => OnFix(fix, time.GetUtcNow());

    /// <summary>Decides and sanitises <paramref name="fix"/> as of <paramref name="arrived"/> (its hand-over, on the pipeline clock; never later than now).</summary>
    public void OnFix(in Fix fix, DateTimeOffset arrived)
    {
        ApplyPending();
        var sample = PositionSamples.From(fix);
        Counters.Epoch(sample.IsUsable);
        var decision = policy is { } p ? p.Decide(sample, previous) : Decision.Blocked(DecisionReasons.NoPolicy, 0);
        previous = sample;
        Counters.Decided(decision);
        if (sanitizer is null)
        {
            if (policy is not null)
            {
                Counters.RulesRejectedEpoch();
            }

            return;
        }

        IReadOnlyList<CompliantFix> released;
        try
        {
            released = sanitizer.Process(fix, Verdicts.From(decision, policy!.Document.PolicyId), arrived);
        }
        catch (IOException ex)
        {
            // the audit is written before anything for the fix can leave: unrecorded, the fix goes nowhere (fail closed)
            Counters.AuditWithheld();
            AuditUnwritable(ex);
            return;
        }

        AuditWritable();
        Emit(released);
    }

    /// <summary>Releases matured records (and the uplink tick); call at least once per second / uplink cadence.</summary>
    public void Pump()
    {
        ApplyPending();
        if (sanitizer is null)
        {
            return;
        }

        IReadOnlyList<CompliantFix> released;
        try
        {
            released = sanitizer.Pump();
        }
        catch (IOException ex)
        {
            AuditUnwritable(ex); // buffered entries lost: the sanitiser dropped what depended on them (counted there)
            return;
        }

        Emit(released);
    }

    /// <summary>Shutdown or end of input: drops every waiting record (never sent early) and writes the audit's buffer; returns how many were dropped.</summary>
    public int Flush()
    {
        var dropped = sanitizer?.Flush() ?? 0;
        try
        {
            audit.Flush();
        }
        catch (IOException ex)
        {
            AuditUnwritable(ex); // the entries are lost; nothing that depended on them is left to send
        }

        return dropped;
    }

    /// <summary>Stops listening to policy swaps.</summary>
    public void Dispose() => holder.Changed -= OnPolicyChanged;

    private void OnPolicyChanged(object? sender, PolicyState state) => Volatile.Write(ref pending, state);

    private void ApplyPending()
    {
        var state = Volatile.Read(ref pending);
        if (ReferenceEquals(state, applied))
        {
            return;
        }

        applied = state;
        if (state.Policy is not null && ReferenceEquals(state.Policy, policy))
        {
            return; // the same compiled policy re-announced: keep the delay line
        }

        Retire();
        policy = state.Policy;
        previous = null; // a segment is only tested within one policy
        if (policy is null)
        {
            PipelineLog.NoPolicy(logger, state.Status.ToString()); // the status only: a detail may name a zone id
            return;
        }

        var document = policy.Document;
        var (rules, problems) = OutputRulesMapper.Map(document.Output);
        if (rules is null)
        {
            PipelineLog.RulesRejected(logger, document.PolicyId, document.Version, string.Join("; ", problems));
            return;
        }

        try
        {
            sanitizer = new Sanitizer(rules, secrets, random, audit, time, logger, nextSequence);
        }
        catch (ArgumentException ex)
        {
            PipelineLog.RulesRejected(logger, document.PolicyId, document.Version, ex.Message);
            return;
        }

        PipelineLog.PolicyInForce(logger, document.PolicyId, document.Version, nextSequence);
    }

    private void Retire()
    {
        if (sanitizer is null)
        {
            return;
        }

        nextSequence = sanitizer.NextSequence;
        var dropped = sanitizer.Flush();
        Counters.SwapDropped(dropped);
        PipelineLog.SwapDropped(logger, dropped);
        sanitizer = null;
    }

    private void AuditUnwritable(IOException ex)
    {
        if (withheldThisSpell++ == 0)
        {
            PipelineLog.AuditUnwritable(logger, ex.Message);
        }
    }

    private void AuditWritable()
    {
        if (withheldThisSpell > 0)
        {
            PipelineLog.AuditWritableAgain(logger, withheldThisSpell);
            withheldThisSpell = 0;
        }
    }

    private void Emit(IReadOnlyList<CompliantFix> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            sink.Accept(records[i]);
            Counters.Forward();
        }
    }
}
