using GeoFence.Zones.Decisions;
using GeoFence.Zones.Hosting;
using GeoFence.Zones.Tests.Support;

namespace GeoFence.Zones.Tests;

public sealed class HotSwapTests
{
    [Fact]
    public async Task No_fix_is_decided_by_a_half_loaded_policy_and_none_is_lost()
    {
        // Odd versions block everything by default, even versions allow: a decision must match its own version.
        var blocking = Policies.Compile(new PolicyJson { Version = 1, DefaultAction = """{"action":"block"}""" }.Circle("c", "redact", 10, 10, 50));
        var allowing = Policies.Compile(new PolicyJson { Version = 2, DefaultAction = """{"action":"allow"}""" }.Circle("c", "redact", 10, 10, 50));
        var holder = new PolicyHolder(PolicyState.Usable(blocking));
        var engine = new PolicyEngine(holder);
        const int fixes = 50_000;
        var decided = 0;
        var mismatches = 0;
        using var stop = new CancellationTokenSource();
        var swapper = Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                holder.Swap(PolicyState.Usable(i++ % 2 == 0 ? allowing : blocking));
                if (i % 97 == 0)
                {
                    holder.Swap(PolicyState.FailClosed(PolicyStatus.Expired, "test"));
                }
            }
        });
        var random = new Random(4);
        PositionSample? previous = null;
        for (var i = 0; i < fixes; i++)
        {
            var fix = Policies.Fix(10 + (random.NextDouble() * 0.01), 10 + (random.NextDouble() * 0.01), 2, Policies.Noon.AddSeconds(i * 0.001));
            var d = engine.Decide(fix, previous);
            previous = fix;
            decided++;
            var consistent = d.PolicyVersion switch
            {
                0 => d.Action == DecisionAction.Block && d.Reasons == DecisionReasons.NoPolicy,
                1 => d.Action != DecisionAction.Allow,
                2 => d.Action != DecisionAction.Block,
                _ => false,
            };
            if (!consistent)
            {
                mismatches++;
            }
        }

        stop.Cancel();
        await swapper;
        Assert.Equal(fixes, decided);
        Assert.Equal(0, mismatches);
    }
}

public sealed class PolicyStateTests
{
    [Fact]
    public void Usable_state_reads_as_expired_after_not_after_and_engine_blocks_without_policy()
    {
        var state = PolicyState.Usable(Policies.Compile(new PolicyJson()));
        Assert.Equal(PolicyStatus.Usable, state.StatusAt(Policies.Noon));
        Assert.Equal(PolicyStatus.Expired, state.StatusAt(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(PolicyStatus.NotYetValid, state.StatusAt(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var engine = new PolicyEngine(new PolicyHolder());
        var decision = engine.Decide(Policies.Fix(1, 1), null);
        Assert.Equal(DecisionAction.Block, decision.Action);
        Assert.Equal(DecisionReasons.NoPolicy, decision.Reasons);
        Assert.Equal(PolicyStatus.NoBundle, new PolicyHolder().Current.Status);
    }
}
