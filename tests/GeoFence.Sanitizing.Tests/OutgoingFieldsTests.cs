using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

public sealed class OutgoingFieldsTests
{
    private static CompliantFix One(OutputRules rules, Verdict verdict)
    {
        var harness = new Harness(rules with { Guard = rules.Guard with { Delay = TimeSpan.Zero } });
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start), verdict);
        return Assert.Single(harness.Out);
    }

    [Fact]
    public void Precise_record_carries_exactly_the_tpv_fields()
    {
        var record = One(Rules.Default, Fixes.Allow());
        Assert.Equal(["schema", "seq", "level", "datum", "time", "mode", "lat", "lon", "altHAE", "altMSL", "eph", "speed", "track"], Json.Members(record));
        Assert.Equal(OutputLevel.Precise, record.Level);
    }

    [Fact]
    public void Redacted_record_carries_time_mode_position_eph_only()
    {
        var record = One(Rules.Default, Fixes.Redact(1000, zone: false));
        Assert.Equal(["schema", "seq", "level", "datum", "time", "mode", "lat", "lon", "eph"], Json.Members(record));
        Assert.Equal(Gnss.FixMode.TwoD, record.Mode);
    }

    [Fact]
    public void Redacted_record_with_altitude_step_carries_coarse_altitude()
    {
        var record = One(Rules.Default with { RedactAltitudeStepMetres = 50, RedactFields = OutputFields.All }, Fixes.Redact(1000, zone: false));
        Assert.Equal(["schema", "seq", "level", "datum", "time", "mode", "lat", "lon", "altHAE", "altMSL", "eph"], Json.Members(record));
        Assert.Equal(100, record.AltitudeHae);
        Assert.Equal(100, record.AltitudeMsl);
    }

    [Fact]
    public void Policy_narrows_the_precise_set()
    {
        var record = One(Rules.Default with { AllowFields = OutputFields.Time | OutputFields.Position }, Fixes.Allow());
        Assert.Equal(["schema", "seq", "level", "datum", "time", "lat", "lon"], Json.Members(record));
    }

    [Fact]
    public void Policy_cannot_widen_the_redacted_set_to_motion()
    {
        var record = One(Rules.Default with { RedactFields = OutputFields.All }, Fixes.Redact(500, zone: false));
        Assert.DoesNotContain("speed", Json.Members(record));
        Assert.DoesNotContain("track", Json.Members(record));
        Assert.Null(record.SpeedMps);
        Assert.Null(record.CourseDeg);
    }

    [Fact]
    public void Heartbeat_carries_time_only()
    {
        var rules = Rules.Default with { Uplink = new ConstantRateUplinkRules { Enabled = true, Cadence = TimeSpan.FromSeconds(5), HeartbeatWhenSuppressed = true } };
        var harness = new Harness(rules);
        harness.Clock.Advance(TimeSpan.FromSeconds(6));
        harness.Out.AddRange(harness.Sanitizer.Pump());
        var heartbeat = Assert.Single(harness.Out);
        Assert.Equal(OutputLevel.Heartbeat, heartbeat.Level);
        Assert.Equal(["schema", "seq", "level", "datum", "time"], Json.Members(heartbeat));
    }

    [Fact]
    public void Every_emitted_member_is_on_the_single_allow_list()
    {
        var all = OutgoingFieldSet.AllJsonNames.ToHashSet();
        foreach (var verdict in new[] { Fixes.Allow(), Fixes.Redact(100, false), Fixes.Redact(5000, false) })
        {
            Assert.All(Json.Members(One(Rules.Default with { RedactAltitudeStepMetres = 10 }, verdict)), m => Assert.Contains(m, all));
        }

        Assert.Equal(["schema", "seq", "level", "datum", "time", "mode", "lat", "lon", "altHAE", "altMSL", "eph", "speed", "track"], OutgoingFieldSet.AllJsonNames);
    }

    [Fact]
    public void Payload_schema_lists_exactly_the_allow_list()
    {
        using var stream = typeof(CompliantFix).Assembly.GetManifestResourceStream("GeoFence.Sanitizing.Schema.compliant-fix.v1.schema.json")!;
        using var schema = System.Text.Json.JsonDocument.Parse(stream);
        var properties = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.True(properties.SetEquals(OutgoingFieldSet.AllJsonNames));
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal(OutgoingFieldSet.AlwaysPresent, schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal(CompliantFixJson.SchemaId, schema.RootElement.GetProperty("properties").GetProperty("schema").GetProperty("const").GetString());
    }
}
