using System.Diagnostics;
using System.Text.Json;
using GeoFence.Device.Cli.Simulate;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using Xunit.Abstractions;

namespace GeoFence.Device.IntegrationTests.Demo;

/// <summary>The re-pathed drive through simulate's code path with the demo bundle: allowed, redacted and blocked, in that route order.</summary>
public sealed class DemoDriveTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_drive_gives_allowed_then_redacted_then_allowed_then_blocked_then_allowed_epochs()
    {
        var started = Stopwatch.StartNew();
        await using var demo = await DemoEnvironment.StartAsync(new DemoEnvironmentOptions { ConnectConsumer = false });
        var startup = started.Elapsed;
        using var dir = new TestDirectory();

        started.Restart();
        var summary = SimulateRun.Execute(new SimulateRequest(demo.DriveFile, demo.BundleFile, demo.TrustDirectory, dir.Path, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), demo.DeviceKeyFile));
        output.WriteLine($"environment start {startup.TotalMilliseconds:F0} ms, simulate {started.Elapsed.TotalMilliseconds:F0} ms, drive {demo.Drive.Epochs} epochs / {demo.Drive.Length} bytes");
        output.WriteLine(File.ReadAllText(dir.File(SimulateRun.SummaryFile))); // counts only

        Assert.Equal(DemoRoute.Default.Epochs, demo.Drive.Epochs);
        Assert.Equal(demo.Drive.Epochs, summary.Epochs);
        using var json = JsonDocument.Parse(File.ReadAllBytes(dir.File(SimulateRun.SummaryFile)));
        var actions = json.RootElement.GetProperty("actions");
        Assert.True(actions.GetProperty("allow").GetInt64() > 0);
        Assert.True(actions.GetProperty("redact").GetInt64() > 0);
        Assert.True(actions.GetProperty("block").GetInt64() > 0);
        Assert.Equal(demo.Drive.Epochs, json.RootElement.GetProperty("fixes").GetInt64()); // every re-pathed epoch is a valid fix
        var reasons = json.RootElement.GetProperty("reasons");
        Assert.True(reasons.GetProperty("RedactZone").GetInt64() > 0);
        Assert.True(reasons.GetProperty("BlockZone").GetInt64() > 0);

        var runs = new List<(string Action, int Epochs)>();
        foreach (var line in File.ReadLines(dir.File(SimulateRun.AuditFile)))
        {
            using var entry = JsonDocument.Parse(line);
            var action = entry.RootElement.GetProperty("action").GetString()!;
            if (runs.Count == 0 || runs[^1].Action != action)
            {
                runs.Add((action, 0));
            }

            runs[^1] = (action, runs[^1].Epochs + 1);
        }

        output.WriteLine(string.Join(" → ", runs.Select(r => $"{r.Action} {r.Epochs}")));
        Assert.Equal(["allow", "redact", "allow", "block", "allow"], runs.Select(r => r.Action));
    }

    [Fact]
    public async Task What_simulate_forwards_has_precise_and_redacted_records_and_nothing_near_the_block_zone()
    {
        await using var demo = await DemoEnvironment.StartAsync(new DemoEnvironmentOptions { ConnectConsumer = false });
        using var dir = new TestDirectory();
        var route = DemoRoute.Default;

        SimulateRun.Execute(new SimulateRequest(demo.DriveFile, demo.BundleFile, demo.TrustDirectory, dir.Path, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), demo.DeviceKeyFile));

        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        var (blockLat, blockLon) = route.PointAt(route.BlockCentreMetres);
        var nearest = double.MaxValue;
        foreach (var line in File.ReadLines(dir.File(SimulateRun.ForwardedFile)))
        {
            using var record = JsonDocument.Parse(line);
            var level = record.RootElement.GetProperty("level").GetString()!;
            levels[level] = levels.GetValueOrDefault(level) + 1;
            nearest = Math.Min(nearest, Earth.DistanceMetres(blockLat, blockLon, record.RootElement.GetProperty("lat").GetDouble(), record.RootElement.GetProperty("lon").GetDouble()));
        }

        Assert.True(levels.GetValueOrDefault("precise") > 100, $"precise {levels.GetValueOrDefault("precise")}");
        Assert.True(levels.GetValueOrDefault("redacted") > 0);
        Assert.True(nearest > route.BlockRadiusMetres + route.BlockBufferMetres + 200, $"a record {nearest:F0} m from the block zone's centre");
    }

    [Fact]
    public void A_capture_without_a_positioned_epoch_cannot_be_re_pathed()
    {
        var start = DateTimeOffset.UtcNow;
        Assert.Throws<ArgumentException>(() => DemoDrive.FromCapture("# header only\n$GPGSV,1,1,00*79\n", DemoRoute.Default, start));
        Assert.Throws<InvalidOperationException>(() => DemoDrive.FromCapture("", DemoRoute.Default with { SpeedMetresPerSecond = 0 }, start));
    }

    [Fact]
    public void The_drive_starts_on_a_whole_second_and_keeps_the_receivers_side_channels_with_valid_checksums()
    {
        var start = new DateTimeOffset(2026, 11, 29, 8, 0, 0, 600, TimeSpan.Zero);
        var drive = DemoDrive.Create(DemoRoute.Default, start);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero), drive.Start);
        Assert.Equal(drive.Start.AddSeconds(DemoRoute.Default.Epochs - 1), drive.End);
        using var reader = new StreamReader(drive.Open());
        var sentences = reader.ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('$')).ToList();
        Assert.All(sentences, s => Assert.True(CaptureRepather.HasValidChecksum(s), s));
        Assert.Equal(drive.Epochs, sentences.Count(s => CaptureRepather.Type(s) == "GGA"));
        Assert.Contains(sentences, s => CaptureRepather.Type(s) == "GSV");
        Assert.Contains("BSD", DemoDrive.Notice(), StringComparison.Ordinal);
    }
}
