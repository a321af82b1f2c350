using GeoFence.Gnss;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>A sanitiser on a fake clock that collects everything it lets out.</summary>
public sealed class Harness
{
    public Harness(OutputRules rules, int seed = 1, ILogger? logger = null, Audit.IDecisionAudit? audit = null, byte secret = 7)
    {
        Rules = rules;
        Clock = new FakeTimeProvider(Fixes.Start);
        Audit = audit ?? new MemoryAudit();
        Sanitizer = new Sanitizer(rules, new TestSecrets(secret), new SeededGuardRandom(seed), Audit, Clock, logger);
    }

    public OutputRules Rules { get; }

    public FakeTimeProvider Clock { get; }

    public Audit.IDecisionAudit Audit { get; }

    public Sanitizer Sanitizer { get; }

    public List<CompliantFix> Out { get; } = [];

    /// <summary>Fake-clock time at which each record of <see cref="Out"/> left.</summary>
    public List<DateTimeOffset> OutAt { get; } = [];

    /// <summary>Feeds a fix at the current fake time, then advances the clock.</summary>
    public void Feed(in Fix fix, in Verdict verdict, TimeSpan? step = null)
    {
        Collect(Sanitizer.Process(fix, verdict));
        Clock.Advance(step ?? TimeSpan.FromSeconds(1));
        Collect(Sanitizer.Pump());
    }

    /// <summary>Lets everything in the delay line mature and leave.</summary>
    public void Drain()
    {
        var until = Clock.GetUtcNow() + Rules.Guard.Delay + TimeSpan.FromSeconds(1);
        while (Clock.GetUtcNow() < until)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            Collect(Sanitizer.Pump());
        }
    }

    private void Collect(IReadOnlyList<CompliantFix> records)
    {
        Out.AddRange(records);
        OutAt.AddRange(records.Select(_ => Clock.GetUtcNow()));
    }
}
