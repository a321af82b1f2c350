using GeoFence.Gnss;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

public sealed class FailClosedTests
{
    public static TheoryData<string> BadFixes => ["null lat", "null lon", "NaN lat", "lat 91", "inf lon", "NaN speed", "negative speed", "course 400", "NaN alt", "no fix mode", "quality none", "simulated", "no time"];

    private static Fix Bad(string which)
    {
        var fix = Fixes.At(30.5, 114.3, Fixes.Start);
        return which switch
        {
            "null lat" => fix with { Latitude = null },
            "null lon" => fix with { Longitude = null },
            "NaN lat" => fix with { Latitude = double.NaN },
            "lat 91" => fix with { Latitude = 91 },
            "inf lon" => fix with { Longitude = double.PositiveInfinity },
            "NaN speed" => fix with { SpeedMps = double.NaN },
            "negative speed" => fix with { SpeedMps = -1 },
            "course 400" => fix with { CourseDeg = 400 },
            "NaN alt" => fix with { AltitudeMsl = double.NaN },
            "no fix mode" => fix with { Mode = FixMode.NoFix },
            "quality none" => fix with { Quality = FixQuality.None },
            "simulated" => fix with { Quality = FixQuality.Simulated },
            "no time" => fix with { Time = default },
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
    }

    [Theory]
    [MemberData(nameof(BadFixes))]
    public void A_fix_in_doubt_sends_nothing(string which)
    {
        var harness = new Harness(Rules.NoDelay);
        harness.Feed(Bad(which), Fixes.Allow());
        harness.Drain();
        Assert.Empty(harness.Out);
        Assert.Equal(1, harness.Sanitizer.Counters.Invalid);
    }

    public static TheoryData<Verdict> BadVerdicts => new()
    {
        new Verdict((VerdictAction)0, 0, false, [], "p", 1),
        new Verdict((VerdictAction)9, 0, false, [], "p", 1),
        new Verdict(VerdictAction.Redact, double.NaN, false, [], "p", 1),
        new Verdict(VerdictAction.Redact, 0, false, [], "p", 1),
        new Verdict(VerdictAction.Redact, -5, false, [], "p", 1),
        new Verdict(VerdictAction.Allow, 0, false, [], "", 1),
        new Verdict(VerdictAction.Allow, 0, false, null!, "p", 1),
        new Verdict(VerdictAction.Allow, 0, false, [], "p", -1),
        default,
    };

    [Theory]
    [MemberData(nameof(BadVerdicts))]
    public void A_malformed_verdict_sends_nothing_and_suppresses_the_line(Verdict verdict)
    {
        var harness = new Harness(Rules.Default);
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start), Fixes.Allow());
        harness.Feed(Fixes.At(30.5001, 114.3, Fixes.Start.AddSeconds(1)), verdict);
        harness.Drain();
        Assert.Empty(harness.Out);
    }

    [Fact]
    public void An_unusable_blocked_fix_with_a_position_still_starts_a_guard_event()
    {
        var harness = new Harness(Rules.Default);
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start), Fixes.Allow());
        harness.Feed(Fixes.At(30.5001, 114.3, Fixes.Start.AddSeconds(1)) with { SpeedMps = double.NaN }, Fixes.Block());
        harness.Feed(Fixes.At(30.5002, 114.3, Fixes.Start.AddSeconds(2)), Fixes.Allow());
        harness.Drain();
        Assert.Empty(harness.Out);
        Assert.Equal(1, harness.Sanitizer.Counters.SuppressedApproach);
        Assert.Equal(1, harness.Sanitizer.Counters.SuppressedClearance);
    }

    [Fact]
    public void A_positionless_default_block_does_not_wipe_the_line()
    {
        var harness = new Harness(Rules.Default);
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start), Fixes.Allow());
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddSeconds(1)) with { Latitude = null, Longitude = null, Mode = FixMode.NoFix }, Fixes.Block(zone: false));
        harness.Drain();
        Assert.Single(harness.Out);
    }

    [Fact]
    public void Time_going_backwards_or_repeating_sends_nothing_for_that_fix()
    {
        var harness = new Harness(Rules.NoDelay);
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddSeconds(5)), Fixes.Allow());
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddSeconds(5)), Fixes.Allow());
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddSeconds(4)), Fixes.Allow());
        Assert.Single(harness.Out);
        Assert.Equal(2, harness.Sanitizer.Counters.Invalid);
    }

    [Fact]
    public void Flush_drops_waiting_records_and_none_leave_later()
    {
        var harness = new Harness(Rules.Default);
        for (var i = 0; i < 10; i++)
        {
            harness.Feed(Fixes.At(30.5 + (i * 0.0001), 114.3, Fixes.Start.AddSeconds(i)), Fixes.Allow());
        }

        Assert.Empty(harness.Out);
        Assert.Equal(10, harness.Sanitizer.Flush());
        harness.Drain();
        Assert.Empty(harness.Out);
    }

    [Fact]
    public void Block_sends_nothing_never_a_placeholder()
    {
        var harness = new Harness(Rules.NoDelay);
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start), Fixes.Block());
        harness.Feed(Fixes.At(30.5, 114.3, Fixes.Start.AddSeconds(1)), Fixes.Block(zone: false));
        harness.Drain();
        Assert.Empty(harness.Out);
        Assert.Equal(2, harness.Sanitizer.Counters.Blocked);
    }

    [Fact]
    public void Invalid_rules_refuse_to_start()
    {
        var bad = new[]
        {
            Rules.Default with { MaxPrecisionMetres = double.NaN },
            Rules.Default with { RetentionDays = 0 },
            Rules.Default with { Guard = Rules.Guard with { ApproachMinMetres = 300, ApproachMaxMetres = 100 } },
            Rules.Default with { Guard = Rules.Guard with { ClearanceMaxMetres = double.PositiveInfinity } },
            Rules.Default with { Guard = null! },
            Rules.Default with { Datum = (OutputDatum)7 },
            Rules.Default with { RedactAltitudeStepMetres = 0 },
            Rules.Default with { Uplink = new ConstantRateUplinkRules { Enabled = true, Cadence = TimeSpan.Zero } },
        };
        foreach (var rules in bad)
        {
            Assert.Throws<ArgumentException>(() => new Harness(rules));
        }
    }

    [Fact]
    public void Delay_line_is_bounded()
    {
        var harness = new Harness(Rules.Default with { Guard = Rules.Guard with { MaxWaiting = 5 } });
        for (var i = 0; i < 8; i++)
        {
            harness.Feed(Fixes.At(30.5, 114.3 + (i * 0.0001), Fixes.Start.AddSeconds(i)), Fixes.Allow());
        }

        Assert.Equal(3, harness.Sanitizer.Counters.DroppedLineFull);
    }
}
