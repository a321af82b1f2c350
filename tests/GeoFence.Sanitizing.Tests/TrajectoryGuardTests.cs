using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

public sealed class TrajectoryGuardTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const double CentreLat = 30.5;
    private const double CentreLon = 114.3;

    // Zone radius 100 m plus a 50 m buffer: the engine blocks within 150 m of the centre.
    private static readonly Zone[] BlockZone = [new(CentreLat, CentreLon, 150)];

    private static OutputRules DriveRules => Rules.Default with { Guard = Rules.Guard with { MinimumSuppressed = TimeSpan.FromSeconds(10) } };

    /// <summary>West to east through the zone centre at 10 m/s, 1 Hz, 300 s.</summary>
    private static Drive Through()
    {
        var (lat, lon) = Redaction.Geodesy.Offset(CentreLat, CentreLon, 0, -1500);
        return new Drive(lat, lon, 90, 10, 301);
    }

    private sealed record Gaps(int Entry, int Exit, double Approach, double Clearance, double MidpointFromCentre, Harness Harness);

    private static Gaps Measure(Drive drive, Harness harness)
    {
        var blocked = drive.Track.Select((f, i) => (f, i)).Where(x => BlockZone[0].Contains(x.f.Latitude!.Value, x.f.Longitude!.Value)).Select(x => x.i).ToArray();
        var entry = blocked.First();
        var exit = blocked.Last();
        var forwarded = harness.Out.Select(drive.IndexOf).ToArray();
        var before = forwarded.Where(i => i < entry).Max();
        var after = forwarded.Where(i => i > exit).Min();
        Assert.DoesNotContain(forwarded, i => i >= entry && i <= exit);
        var midpointMetres = ((before + after) / 2.0 * 10) - 1500;
        return new Gaps(entry, exit, drive.Distance(before, entry), drive.Distance(after, exit), midpointMetres, harness);
    }

    [Fact]
    public void Driving_through_a_block_zone_forwards_nothing_inside_the_approach_or_clearance()
    {
        var drive = Through();
        var gaps = Measure(drive, drive.Run(DriveRules, BlockZone, seed: 11));
        Assert.InRange(gaps.Approach, 100, 260);
        Assert.InRange(gaps.Clearance, 150, 410);
        Assert.Equal(Enumerable.Range(1, gaps.Harness.Out.Count).Select(i => (long)i), gaps.Harness.Out.Select(r => r.Sequence));
        Assert.All(gaps.Harness.Out, r => Assert.Equal(OutputLevel.Precise, r.Level));
    }

    [Fact]
    public void Over_many_runs_the_distances_are_random_never_below_the_minimum_and_not_centred()
    {
        var drive = Through();
        var runs = Enumerable.Range(1, 200).Select(seed => Measure(drive, drive.Run(DriveRules, BlockZone, seed))).ToArray();
        var clearances = runs.Select(r => r.Clearance).ToArray();
        var approaches = runs.Select(r => r.Approach).ToArray();
        Assert.All(clearances, c => Assert.True(c > 150, $"clearance {c} m below the minimum"));
        Assert.All(approaches, a => Assert.True(a > 100, $"approach {a} m below the minimum"));
        Assert.InRange(clearances.Min(), 150, 180);
        Assert.InRange(clearances.Max(), 370, 410);
        Assert.InRange(approaches.Min(), 100, 130);
        Assert.InRange(approaches.Max(), 220, 260);
        Assert.True(StdDev(clearances) > 50, "clearance barely varies");
        var midpoints = runs.Select(r => r.MidpointFromCentre).ToArray();
        output.WriteLine($"approach gap m: min {approaches.Min():0} max {approaches.Max():0} sd {StdDev(approaches):0}; clearance gap m: min {clearances.Min():0} max {clearances.Max():0} sd {StdDev(clearances):0}; midpoint from centre m: mean {midpoints.Average():0} sd {StdDev(midpoints):0}");
        Assert.True(StdDev(midpoints) > 30, "the suppressed stretch is centred on the zone");
        Assert.True(midpoints.Count(m => Math.Abs(m) > 25) > runs.Length / 2, "most suppressed stretches should be off-centre");
        Assert.True(runs.Count(r => Math.Abs(r.Approach - r.Clearance) > 20) > runs.Length / 2, "approach and clearance should differ");
    }

    [Fact]
    public void Minimum_suppressed_time_holds_even_when_fast()
    {
        var (lat, lon) = Redaction.Geodesy.Offset(CentreLat, CentreLon, 0, -3000);
        var drive = new Drive(lat, lon, 90, 50, 200);
        var harness = drive.Run(Rules.Default, BlockZone, seed: 3); // minimum 60 s; at 50 m/s clearance distance takes < 9 s
        var exit = drive.Track.FindLastIndex(f => BlockZone[0].Contains(f.Latitude!.Value, f.Longitude!.Value));
        var firstAfter = harness.Out.Select(drive.IndexOf).Where(i => i > exit).Min();
        Assert.True(firstAfter - exit >= 60, $"forwarded {firstAfter - exit} s after the last blocked fix");
    }

    [Fact]
    public void Speed_and_course_are_stripped_within_the_wider_margin()
    {
        var drive = Through();
        for (var seed = 1; seed <= 20; seed++)
        {
            var gaps = Measure(drive, drive.Run(DriveRules, BlockZone, seed));
            foreach (var record in gaps.Harness.Out)
            {
                var i = drive.IndexOf(record);
                var near = i < gaps.Entry ? drive.Distance(i, gaps.Entry) : drive.Distance(i, gaps.Exit);
                // Approach side: only what is still in the delay line can be stripped (29 s × 10 m/s here).
                var (strippedWithin, keptBeyond) = i < gaps.Entry ? (Math.Min(100.0 + 200, 280), 250.0 + 200) : (150.0 + 200, 400.0 + 200);
                if (near <= strippedWithin)
                {
                    Assert.Null(record.SpeedMps);
                    Assert.Null(record.CourseDeg);
                }
                else if (near > keptBeyond + 10)
                {
                    Assert.NotNull(record.SpeedMps);
                    Assert.NotNull(record.CourseDeg);
                }
            }
        }
    }

    [Fact]
    public void Redact_zone_is_redacted_inside_and_guarded_on_both_sides()
    {
        Zone[] zones = [new(CentreLat, CentreLon, 150, VerdictAction.Redact, 1000)];
        var drive = Through();
        var harness = drive.Run(DriveRules, zones, seed: 5);
        var entry = drive.Track.FindIndex(f => zones[0].Contains(f.Latitude!.Value, f.Longitude!.Value));
        var exit = drive.Track.FindLastIndex(f => zones[0].Contains(f.Latitude!.Value, f.Longitude!.Value));
        var precise = harness.Out.Where(r => r.Level == OutputLevel.Precise).Select(drive.IndexOf).ToArray();
        Assert.DoesNotContain(precise, i => i >= entry && i <= exit);
        Assert.True(drive.Distance(precise.Where(i => i < entry).Max(), entry) > 100);
        Assert.True(drive.Distance(precise.Where(i => i > exit).Min(), exit) > 150);
        var redacted = harness.Out.Where(r => r.Level == OutputLevel.Redacted).ToArray();
        Assert.NotEmpty(redacted);
        Assert.All(redacted, r => Assert.Equal(1000, r.HorizontalErrorMetres));
    }

    [Fact]
    public void Constant_rate_uplink_sends_at_most_one_record_per_tick_and_nothing_while_suppressed()
    {
        var rules = DriveRules with { Uplink = new ConstantRateUplinkRules { Enabled = true, Cadence = TimeSpan.FromSeconds(5) } };
        var drive = Through();
        var harness = drive.Run(rules, BlockZone, seed: 9);
        Assert.Equal(harness.OutAt.Count, harness.OutAt.Distinct().Count());
        Assert.All(harness.OutAt, t => Assert.Equal(0, (t - Fixes.Start).Ticks % TimeSpan.FromSeconds(5).Ticks));
        Assert.All(harness.Out, r => Assert.NotEqual(OutputLevel.Heartbeat, r.Level));
        Assert.True(harness.Out.Count is > 30 and < 62);
        Assert.True(harness.Sanitizer.Counters.Coalesced > 100);
    }

    [Fact]
    public void Constant_rate_uplink_with_heartbeat_is_identical_in_cadence_whatever_the_zones()
    {
        var rules = DriveRules with { Uplink = new ConstantRateUplinkRules { Enabled = true, Cadence = TimeSpan.FromSeconds(5), HeartbeatWhenSuppressed = true } };
        var drive = Through();
        var withZone = drive.Run(rules, BlockZone, seed: 9);
        var without = drive.Run(rules, [], seed: 9);
        Assert.Equal(without.OutAt, withZone.OutAt);
        Assert.Equal(without.Out.Select(r => r.Sequence), withZone.Out.Select(r => r.Sequence));
        Assert.Contains(withZone.Out, r => r.Level == OutputLevel.Heartbeat);
    }

    private static double StdDev(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
