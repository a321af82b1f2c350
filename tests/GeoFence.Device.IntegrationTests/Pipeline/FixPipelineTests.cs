using GeoFence.Device.Pipeline;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using GeoFence.Zones.Hosting;

namespace GeoFence.Device.IntegrationTests.Pipeline;

public sealed class FixPipelineTests
{
    private const double Lat = 31.15;
    private const double Lon = 121.45;
    private static readonly (double, double) Far = (Lat, Lon);
    private static readonly (double, double) BlockSite = Earth.Offset(Lat, Lon, 5000, 0);
    private static readonly (double, double) RedactSite = Earth.Offset(Lat, Lon, 0, 5000);

    [Fact]
    public void Counts_allow_redact_and_block_by_reason_and_forwards_only_allowed_and_redacted_records()
    {
        var json = TestPolicies.Json(zones:
        [
            new TestPolicies.Circle("b-1", "block", BlockSite.Item1, BlockSite.Item2, 100),
            new TestPolicies.Circle("r-1", "redact", RedactSite.Item1, RedactSite.Item2, 100, RedactMetres: 1000),
        ]);
        using var h = new PipelineHarness(new PolicyHolder(PolicyState.Usable(TestPolicies.Compile(json))));
        var second = 0;
        for (var i = 0; i < 5; i++)
        {
            h.Feed(second++, Far);
        }

        for (var i = 0; i < 3; i++)
        {
            h.Feed(second++, RedactSite);
        }

        for (var i = 0; i < 2; i++)
        {
            h.Feed(second++, BlockSite);
        }

        h.Drain(second);

        var c = h.Pipeline.Counters;
        Assert.Equal(10, c.Epochs);
        Assert.Equal(10, c.ValidFixes);
        Assert.Equal((5, 3, 2), (c.Allowed, c.Redacted, c.Blocked));
        var reasons = c.ByReason();
        Assert.Equal(5, reasons["DefaultAction"]);
        Assert.Equal(2, reasons["BlockZone"]);
        Assert.True(reasons["RedactZone"] >= 3);
        Assert.False(reasons.ContainsKey("NoPolicy"));
        Assert.Equal(5, h.Out.Count(r => r.Level == OutputLevel.Precise));
        Assert.Equal(3, h.Out.Count(r => r.Level == OutputLevel.Redacted));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), h.Out.Select(r => r.Sequence));
        Assert.Equal(8, c.Forwarded);
        Assert.Equal(10, h.Audit.Count);
        Assert.All(h.Audit, a => Assert.Equal(("pipeline-test", 1L), (a.PolicyId, a.PolicyVersion)));
    }

    [Fact]
    public void A_decision_the_audit_cannot_record_withholds_its_fix_and_the_pipeline_carries_on()
    {
        using var h = new PipelineHarness(new PolicyHolder(PolicyState.Usable(TestPolicies.Compile(TestPolicies.Json()))));
        h.Feed(0, Far);
        h.Feed(1, Far);
        h.AuditFault = new IOException("No space left on device");
        for (var second = 2; second < 5; second++)
        {
            h.Feed(second, Far); // threw out of the pipeline (and stopped the agent's host) before the fix
        }

        h.AuditFault = null;
        h.Feed(5, Far);
        h.Feed(6, Far);
        h.Drain(6);

        Assert.Equal(3, h.Pipeline.Counters.AuditWithheldFixes);
        Assert.Equal(4, h.Audit.Count);
        Assert.Equal([0, 1, 5, 6], h.Out.Select(r => (int)(r.Time!.Value - PipelineHarness.Start).TotalSeconds));
        Assert.Equal([1L, 2L, 3L, 4L], h.Out.Select(r => r.Sequence)); // a withheld fix takes no sequence number
        Assert.Equal(4, h.Pipeline.Counters.Forwarded);
    }

    [Fact]
    public void With_no_usable_policy_nothing_leaves_and_every_epoch_is_counted()
    {
        using var h = new PipelineHarness(new PolicyHolder());
        for (var i = 0; i < 20; i++)
        {
            h.Feed(i, Far);
        }

        h.Drain(20);

        Assert.Empty(h.Out);
        Assert.Empty(h.Audit);
        Assert.False(h.Pipeline.CanForward);
        Assert.Equal((20L, 20L, 0L), (h.Pipeline.Counters.NoPolicy, h.Pipeline.Counters.Blocked, h.Pipeline.Counters.Allowed));
        Assert.Equal(20, h.Pipeline.Counters.ByReason()["NoPolicy"]);
    }

    [Fact]
    public void A_policy_that_becomes_unusable_mid_stream_stops_everything_including_waiting_records()
    {
        using var h = new PipelineHarness(new PolicyHolder(PolicyState.Usable(TestPolicies.Compile(TestPolicies.Json()))));
        for (var i = 0; i < 60; i++)
        {
            h.Feed(i, Far);
        }

        var before = h.Out.Count;
        h.Holder.Swap(PolicyState.FailClosed(PolicyStatus.Expired, "expired"));
        for (var i = 60; i < 120; i++)
        {
            h.Feed(i, Far);
        }

        h.Drain(120);

        Assert.InRange(before, 25, 35); // 30 s delay line
        Assert.Equal(before, h.Out.Count);
        Assert.Equal(60 - before, h.Pipeline.Counters.DroppedAtSwap);
        Assert.Equal(60, h.Pipeline.Counters.NoPolicy);
    }

    [Fact]
    public void Output_rules_that_do_not_map_fail_closed()
    {
        var json = TestPolicies.Json(fields: "\"time\",\"latitude\",\"longitude\"");
        using var h = new PipelineHarness(new PolicyHolder(PolicyState.Usable(TestPolicies.Compile(json))));
        for (var i = 0; i < 10; i++)
        {
            h.Feed(i, Far);
        }

        h.Drain(10);

        Assert.Empty(h.Out);
        Assert.False(h.Pipeline.CanForward);
        Assert.Equal(10, h.Pipeline.Counters.RulesRejected);
    }

    [Fact]
    public async Task A_hot_swap_mid_stream_rebuilds_the_sanitiser_and_continues_the_sequence()
    {
        using var h = new PipelineHarness(new PolicyHolder(PolicyState.Usable(TestPolicies.Compile(TestPolicies.Json(version: 1)))));
        for (var i = 0; i < 60; i++)
        {
            h.Feed(i, Earth.Offset(Lat, Lon, 0, i));
        }

        var before = h.Out.Count;
        var v2 = PolicyState.Usable(TestPolicies.Compile(TestPolicies.Json(version: 2, datum: "CGCS2000")));
        await Task.Run(() => h.Holder.Swap(v2)); // the updater swaps on another thread; the pipeline picks it up on its own
        for (var i = 60; i < 120; i++)
        {
            h.Feed(i, Earth.Offset(Lat, Lon, 0, i));
        }

        h.Drain(120);

        Assert.InRange(before, 25, 35);
        Assert.Equal(Enumerable.Range(1, h.Out.Count).Select(i => (long)i), h.Out.Select(r => r.Sequence)); // no gap, no repeat
        Assert.All(h.Out.Take(before), r => Assert.Equal(OutputDatum.Wgs84, r.Datum));
        Assert.All(h.Out.Skip(before), r => Assert.Equal(OutputDatum.Cgcs2000, r.Datum));
        Assert.Equal(before + 60, h.Out.Count); // the new policy's 60 fixes all leave; the old line's waiting ones were dropped
        Assert.Equal(60 - before, h.Pipeline.Counters.DroppedAtSwap);
        Assert.Equal(h.Out.Count + 1, h.Pipeline.NextSequence);
        Assert.All(h.Audit.Skip(60), a => Assert.Equal(2, a.PolicyVersion));
    }

    [Fact]
    public void Output_rules_take_the_stricter_of_policy_and_defaults()
    {
        var document = TestPolicies.Compile(TestPolicies.Json(fields: "\"time\",\"lat\",\"lon\",\"sats\"", delaySeconds: 10, approachMin: 100, approachMax: 900)).Document;
        var (rules, problems) = OutputRulesMapper.Map(document.Output with { MaximumPrecisionMetres = 0.5, RetentionDays = 30 });

        Assert.Empty(problems);
        var defaults = new OutputRules();
        Assert.Equal(defaults.Guard.Delay, rules!.Guard.Delay);
        Assert.Equal(defaults.Guard.ApproachMinMetres, rules.Guard.ApproachMinMetres);
        Assert.Equal(900, rules.Guard.ApproachMaxMetres);
        Assert.Equal(200, rules.Guard.ClearanceMinMetres);
        Assert.Equal(defaults.MaxPrecisionMetres, rules.MaxPrecisionMetres);
        Assert.Equal(7, rules.RetentionDays);
        Assert.Equal(OutputFields.Time | OutputFields.Position, rules.AllowFields);
        Assert.Equal(OutputFields.Time | OutputFields.Position, rules.RedactFields);

        Assert.Null(OutputRulesMapper.Map(document.Output with { AllowedFields = ["time", "lat"] }).Rules);
        Assert.Null(OutputRulesMapper.Map(document.Output with { Datum = "wgs-84" }).Rules);
        Assert.Null(OutputRulesMapper.Map(document.Output with { ConstantRateSeconds = 0 }).Rules);
        Assert.Null(OutputRulesMapper.Map(null).Rules);
    }
}
