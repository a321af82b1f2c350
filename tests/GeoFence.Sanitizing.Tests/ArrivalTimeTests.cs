using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

/// <summary>A fix decided a moment after it was handed over counts from its hand-over: it matures no later, and never earlier.</summary>
public sealed class ArrivalTimeTests
{
    private static readonly TimeSpan Late = TimeSpan.FromMilliseconds(45);

    [Fact]
    public void A_fix_taken_up_late_matures_the_delay_after_its_arrival_not_after_the_call()
    {
        var harness = new Harness(Rules.Default);
        var arrived = harness.Clock.GetUtcNow();
        harness.Clock.Advance(Late); // the pipeline takes it up at its next planned wake-up
        Assert.Empty(harness.Sanitizer.Process(Fixes.At(30.5, 114.3, Fixes.Start), Fixes.Allow(), arrived));
        Assert.Equal(arrived + Rules.Default.Guard.Delay, harness.Sanitizer.NextDue);

        harness.Clock.SetUtcNow(arrived + Rules.Default.Guard.Delay - TimeSpan.FromTicks(1));
        Assert.Empty(harness.Sanitizer.Pump()); // never before the delay since it arrived
        harness.Clock.SetUtcNow(arrived + Rules.Default.Guard.Delay);
        Assert.Single(harness.Sanitizer.Pump());
    }

    [Fact]
    public void An_arrival_after_now_counts_as_now()
    {
        var harness = new Harness(Rules.Default);
        var now = harness.Clock.GetUtcNow();
        harness.Sanitizer.Process(Fixes.At(30.5, 114.3, Fixes.Start), Fixes.Allow(), now + TimeSpan.FromSeconds(5));
        Assert.Equal(now + Rules.Default.Guard.Delay, harness.Sanitizer.NextDue);
    }

    [Fact]
    public void The_guard_runs_on_arrival_times_a_block_suppresses_the_approach_waiting_in_the_line()
    {
        var harness = new Harness(Rules.Default);
        var start = harness.Clock.GetUtcNow();
        for (var i = 0; i < 10; i++)
        {
            // 10 m apart towards the zone, each handed over 100 ms apart and taken up 45 ms late
            harness.Clock.SetUtcNow(start + (i * TimeSpan.FromMilliseconds(100)) + Late);
            harness.Sanitizer.Process(Fixes.At(30.5, 114.3 + (i * 0.0001), Fixes.Start.AddSeconds(i)), Fixes.Allow(), start + (i * TimeSpan.FromMilliseconds(100)));
        }

        harness.Clock.SetUtcNow(start + TimeSpan.FromSeconds(1) + Late);
        harness.Sanitizer.Process(Fixes.At(30.5, 114.3 + 0.001, Fixes.Start.AddSeconds(10)), Fixes.Block(), start + TimeSpan.FromSeconds(1));
        harness.Clock.SetUtcNow(start + TimeSpan.FromMinutes(2));
        Assert.Empty(harness.Sanitizer.Pump()); // all within the approach distance (≤ 100 m): suppressed, none leaves
        Assert.Equal(10, harness.Sanitizer.Counters.SuppressedApproach);
    }
}
