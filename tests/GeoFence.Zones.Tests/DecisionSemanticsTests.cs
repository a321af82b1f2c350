using GeoFence.Zones.Decisions;
using GeoFence.Zones.Policy;
using GeoFence.Zones.Tests.Support;

namespace GeoFence.Zones.Tests;

public sealed class DecisionSemanticsTests
{
    // A thin block strip 22.50..22.501 (≈110 m) between two open areas.
    private static readonly (double Lon, double Lat)[] Strip = Shapes.Box(114.0, 22.5, 114.1, 22.501);

    [Fact]
    public void Jumping_across_a_zone_between_fixes_is_blocked()
    {
        var policy = Policies.Compile(new PolicyJson().Polygon("strip", "block", Strip));
        var before = Policies.Fix(22.49, 114.05, 1, Policies.Noon.AddSeconds(-1));
        var after = Policies.Fix(22.51, 114.05, 1);
        Assert.Equal(DecisionAction.Allow, policy.Decide(after, null).Action);
        var decision = policy.Decide(after, before);
        Assert.Equal(DecisionAction.Block, decision.Action);
        Assert.True(decision.Reasons.HasFlag(DecisionReasons.SegmentCrossing));
        Assert.Equal(["strip"], decision.ZoneIds);
    }

    [Fact]
    public void Segment_beside_a_zone_is_not_blocked()
    {
        var policy = Policies.Compile(new PolicyJson().Polygon("strip", "block", Strip));
        var before = Policies.Fix(22.49, 114.2, 1, Policies.Noon.AddSeconds(-1));
        var after = Policies.Fix(22.51, 114.2, 1);
        Assert.Equal(DecisionAction.Allow, policy.Decide(after, before).Action);
    }

    [Fact]
    public void Permit_inside_block_most_restrictive_wins()
    {
        var json = new PolicyJson { DefaultAction = """{"action":"block"}""" }
            .Polygon("work", "permit", Shapes.Box(10, 50, 10.1, 50.1))
            .Polygon("site", "block", Shapes.Box(10.04, 50.04, 10.06, 50.06))
            .Polygon("town", "redact", Shapes.Box(10.07, 50.07, 10.09, 50.09), extra: ",\"redact_m\":2000");
        var policy = Policies.Compile(json);
        Assert.Equal(DecisionAction.Block, policy.Decide(Policies.Fix(50.05, 10.05), null).Action);
        var inTown = policy.Decide(Policies.Fix(50.08, 10.08), null);
        Assert.Equal(DecisionAction.Redact, inTown.Action);
        Assert.Equal(2000, inTown.RedactGridMetres);
        Assert.Contains("work", inTown.ZoneIds);
        var permitted = policy.Decide(Policies.Fix(50.02, 10.02), null);
        Assert.Equal(DecisionAction.Allow, permitted.Action);
        Assert.Equal(DecisionReasons.PermitZone, permitted.Reasons);
        Assert.Equal(DecisionAction.Block, policy.Decide(Policies.Fix(50.2, 10.2), null).Action);
    }

    [Fact]
    public void Permit_needs_the_whole_error_circle_inside()
    {
        var json = new PolicyJson { DefaultAction = """{"action":"block"}""" }.Polygon("work", "permit", Shapes.Box(10, 50, 10.1, 50.1));
        var policy = Policies.Compile(json);
        // 50.0002 is ≈ 22 m inside the south edge.
        Assert.Equal(DecisionAction.Allow, policy.Decide(Policies.Fix(50.0002, 10.05, 2), null).Action);
        Assert.Equal(DecisionAction.Block, policy.Decide(Policies.Fix(50.0002, 10.05, 10), null).Action);
    }

    [Fact]
    public void Time_windows_and_weekly_schedules_switch_zones()
    {
        var schedule = ""","from":"2026-06-01T00:00:00Z","to":"2026-07-01T00:00:00Z","schedule":[{"days":["mon","tue","wed","thu","fri"],"start":"08:00","end":"18:00","utcOffset":"+08:00"}]""";
        var policy = Policies.Compile(new PolicyJson().Circle("range", "block", 40, 116, 500, schedule));
        var wednesday0300Utc = new DateTimeOffset(2026, 6, 3, 3, 0, 0, TimeSpan.Zero); // 11:00 +08:00
        var wednesday1200Utc = new DateTimeOffset(2026, 6, 3, 12, 0, 0, TimeSpan.Zero); // 20:00 +08:00
        var saturday = new DateTimeOffset(2026, 6, 6, 3, 0, 0, TimeSpan.Zero);
        var august = new DateTimeOffset(2026, 8, 5, 3, 0, 0, TimeSpan.Zero);
        Assert.Equal(DecisionAction.Block, policy.Decide(Policies.Fix(40, 116, 1, wednesday0300Utc), null).Action);
        Assert.Equal(DecisionAction.Allow, policy.Decide(Policies.Fix(40, 116, 1, wednesday1200Utc), null).Action);
        Assert.Equal(DecisionAction.Allow, policy.Decide(Policies.Fix(40, 116, 1, saturday), null).Action);
        Assert.Equal(DecisionAction.Allow, policy.Decide(Policies.Fix(40, 116, 1, august), null).Action);
    }

    [Fact]
    public void Fixes_without_validity_or_accuracy_are_blocked_with_reason()
    {
        var policy = Policies.Compile(new PolicyJson());
        Assert.Equal(DecisionReasons.NoValidFix, policy.Decide(Policies.Fix(1, 1, valid: false), null).Reasons);
        Assert.Equal(DecisionReasons.NoValidFix, policy.Decide(Policies.Fix(double.NaN, 1), null).Reasons);
        Assert.Equal(DecisionReasons.NoValidFix, policy.Decide(new PositionSample(default, 1, 1, 1, null, true), null).Reasons);
        Assert.Equal(DecisionReasons.UnknownAccuracy, policy.Decide(Policies.Fix(1, 1, accuracy: null), null).Reasons);
        Assert.Equal(DecisionReasons.AccuracyTooPoor, policy.Decide(Policies.Fix(1, 1, accuracy: 100), null).Reasons);
        Assert.Equal(DecisionAction.Allow, policy.Decide(Policies.Fix(1, 1, accuracy: null, hdop: 1.2), null).Action);
        Assert.Equal(DecisionReasons.PolicyNotValidAtTime,
            policy.Decide(Policies.Fix(1, 1, 1, new DateTimeOffset(2027, 2, 1, 0, 0, 0, TimeSpan.Zero)), null).Reasons);
    }

    [Fact]
    public void Hdop_fallback_grows_the_error_circle()
    {
        // Circle radius 100 m at (0,0); a fix 130 m away: 1σ = 1 m → allow; HDOP 3 × UERE 6 × 2.45 = 44 m → block.
        var policy = Policies.Compile(new PolicyJson().Circle("c", "block", 0, 0, 100));
        var lat = 130 / 110574.0;
        Assert.Equal(DecisionAction.Allow, policy.Decide(Policies.Fix(lat, 0, 1), null).Action);
        Assert.Equal(DecisionAction.Block, policy.Decide(Policies.Fix(lat, 0, null, hdop: 3), null).Action);
    }

    [Fact]
    public void Default_redact_uses_its_grid()
    {
        var policy = Policies.Compile(new PolicyJson { DefaultAction = """{"action":"redact","redact_m":1000}""" });
        var decision = policy.Decide(Policies.Fix(1, 1), null);
        Assert.Equal(DecisionAction.Redact, decision.Action);
        Assert.Equal(1000, decision.RedactGridMetres);
    }

    [Fact]
    public void Self_intersecting_polygon_is_rejected_naming_the_zone()
    {
        (double, double)[] bowTie = [(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)];
        var ex = Assert.Throws<PolicyFormatException>(() => PolicyParser.Parse(new PolicyJson().Polygon("bow-tie", "block", bowTie).Utf8()));
        Assert.Contains("zone \"bow-tie\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Self-intersection", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("0.5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_ring_is_rejected_naming_the_zone()
    {
        (double, double)[] open = [(0, 0), (1, 0), (1, 1), (0, 1)];
        var ex = Assert.Throws<PolicyFormatException>(() => PolicyParser.Parse(new PolicyJson().Polygon("open", "block", open).Utf8()));
        Assert.Contains("zone \"open\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clockwise_shell_is_accepted_and_decides_the_same()
    {
        var ccw = Shapes.Star(20, 20, 0.01, 20, seed: 2);
        var cw = ccw.Reverse().ToArray();
        var a = Policies.Compile(new PolicyJson().Polygon("z", "block", ccw));
        var b = Policies.Compile(new PolicyJson().Polygon("z", "block", cw));
        var random = new Random(1);
        for (var i = 0; i < 500; i++)
        {
            var fix = Policies.Fix(20 + ((random.NextDouble() - 0.5) * 0.03), 20 + ((random.NextDouble() - 0.5) * 0.03));
            Assert.Equal(a.Decide(fix, null).Action, b.Decide(fix, null).Action);
        }
    }

    [Theory]
    [InlineData("""{"type":"Feature","properties":{"id":"x","action":"explode"},"geometry":{"type":"Point","coordinates":[1,1]}}""", "properties.action")]
    [InlineData("""{"type":"Feature","properties":{"id":"x","action":"block"},"geometry":{"type":"Point","coordinates":[1,1]}}""", "radius_m")]
    [InlineData("""{"type":"Feature","properties":{"id":"x","action":"block","radius_m":5},"geometry":{"type":"Point","coordinates":[1,100]}}""", "zone \"x\"")]
    [InlineData("""{"type":"Feature","properties":{"id":"x","action":"redact"},"geometry":{"type":"Point","coordinates":[1,1]}}""", "redact_m")]
    public void Bad_zone_properties_name_the_field(string feature, string expected)
    {
        var ex = Assert.Throws<PolicyFormatException>(() => PolicyParser.Parse(new PolicyJson().Raw(feature).Utf8()));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_and_sample_never_print_coordinates()
    {
        var policy = Policies.Compile(new PolicyJson().Circle("c", "block", 12.3456, 65.4321, 100));
        var fix = Policies.Fix(12.3456, 65.4321);
        var text = policy.Decide(fix, null).ToString() + fix + policy.Document + policy.Document.Zones[0];
        Assert.DoesNotContain("12.34", text, StringComparison.Ordinal);
        Assert.DoesNotContain("65.43", text, StringComparison.Ordinal);
    }
}
