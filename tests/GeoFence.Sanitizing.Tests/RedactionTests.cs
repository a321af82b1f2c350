using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Redaction;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

public sealed class RedactionTests
{
    [Fact]
    public void Redacted_values_are_grid_coarse_time_and_no_motion()
    {
        var harness = new Harness(Rules.NoDelay);
        var time = Fixes.Start.AddSeconds(37.25);
        harness.Clock.Advance(TimeSpan.FromSeconds(37));
        harness.Feed(Fixes.At(30.51234, 114.31234, time), Fixes.Redact(1000, zone: false));
        var record = Assert.Single(harness.Out);
        Assert.Equal(OutputLevel.Redacted, record.Level);
        Assert.Equal(Fixes.Start, record.Time);
        Assert.Equal(1000, record.HorizontalErrorMetres);
        Assert.Null(record.SpeedMps);
        Assert.Null(record.CourseDeg);
        Assert.Null(record.AltitudeHae);
        var error = Geodesy.DistanceMetres(30.51234, 114.31234, record.Latitude!.Value, record.Longitude!.Value);
        Assert.InRange(error, 0, 1000 * Math.Sqrt(2));
    }

    [Fact]
    public void Repeated_fixes_at_one_spot_give_one_answer()
    {
        var harness = new Harness(Rules.NoDelay);
        for (var i = 0; i < 60; i++)
        {
            harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddSeconds(i)), Fixes.Redact(500, zone: false));
        }

        Assert.Equal(60, harness.Out.Count);
        Assert.Single(harness.Out.Select(r => (r.Latitude, r.Longitude, r.Time)).Distinct());
    }

    [Fact]
    public void A_spot_held_for_a_day_gives_few_distinct_cells_and_never_fresh_noise()
    {
        var harness = new Harness(Rules.NoDelay);
        for (var minute = 0; minute < 24 * 60; minute++)
        {
            harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddMinutes(minute)), Fixes.Redact(500, zone: false), TimeSpan.FromMinutes(1));
        }

        var cells = harness.Out.Select(r => (r.Latitude, r.Longitude)).Distinct().Count();
        Assert.InRange(cells, 1, 12); // the offset drifts over 6 h periods: a handful of neighbouring cells, not 1440 answers
        var changes = harness.Out.Zip(harness.Out.Skip(1)).Count(p => (p.First.Latitude, p.First.Longitude) != (p.Second.Latitude, p.Second.Longitude));
        Assert.InRange(changes, 1, 40);
    }

    [Fact]
    public void Offset_drifts_at_the_configured_rate_only()
    {
        var period = TimeSpan.FromHours(6);
        var offset = new DriftingGridOffset(new TestSecrets().GridOffsetKey, period);
        var step = TimeSpan.FromMinutes(1);
        var limit = DriftingGridOffset.MaxComponentDriftPerPeriod * step / period + 1e-12;
        var previous = offset.At(Fixes.Start);
        double travelled = 0;
        for (var t = Fixes.Start + step; t < Fixes.Start.AddDays(2); t += step)
        {
            var current = offset.At(t);
            Assert.InRange(Math.Abs(current.North - previous.North), 0, limit);
            Assert.InRange(Math.Abs(current.East - previous.East), 0, limit);
            Assert.InRange(current.North, -0.5, 0.5);
            Assert.InRange(current.East, -0.5, 0.5);
            travelled += Math.Abs(current.North - previous.North) + Math.Abs(current.East - previous.East);
            previous = current;
        }

        Assert.True(travelled > 0.5, $"offset barely moved in two days ({travelled})");
    }

    [Fact]
    public void Offset_is_per_unit_and_deterministic()
    {
        var period = TimeSpan.FromHours(6);
        var a1 = new DriftingGridOffset(new TestSecrets(1).GridOffsetKey, period).At(Fixes.Start);
        var a2 = new DriftingGridOffset(new TestSecrets(1).GridOffsetKey, period).At(Fixes.Start);
        var b = new DriftingGridOffset(new TestSecrets(2).GridOffsetKey, period).At(Fixes.Start);
        Assert.Equal(a1, a2);
        Assert.NotEqual(a1, b);
    }

    [Fact]
    public void Precise_level_caps_precision_and_eph()
    {
        var harness = new Harness(Rules.NoDelay with { MaxPrecisionMetres = 10 });
        harness.Feed(Fixes.At(30.500001, 114.300001, Fixes.Start), Fixes.Allow());
        harness.Feed(Fixes.At(30.500003, 114.300003, Fixes.Start.AddSeconds(1)), Fixes.Allow());
        Assert.Equal(2, harness.Out.Count);
        Assert.Equal((harness.Out[0].Latitude, harness.Out[0].Longitude), (harness.Out[1].Latitude, harness.Out[1].Longitude));
        Assert.Equal(10, harness.Out[0].HorizontalErrorMetres);
        Assert.Equal(120, harness.Out[0].AltitudeHae);
        Assert.InRange(Geodesy.DistanceMetres(30.500001, 114.300001, harness.Out[0].Latitude!.Value, harness.Out[0].Longitude!.Value), 0, 10);
    }

    [Fact]
    public void Redact_grid_below_the_precision_cap_is_raised_to_it()
    {
        var harness = new Harness(Rules.NoDelay with { MaxPrecisionMetres = 20 });
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start), Fixes.Redact(1, zone: false));
        Assert.Equal(20, Assert.Single(harness.Out).HorizontalErrorMetres);
    }
}
