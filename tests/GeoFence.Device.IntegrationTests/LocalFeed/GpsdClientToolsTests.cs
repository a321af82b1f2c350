using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeoFence.Device.LocalFeed;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>Debian's real gpsd clients (package gpsd-clients) read the feed.</summary>
public sealed partial class GpsdClientToolsTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Gpspipe_prints_TPVs_whose_lat_and_lon_equal_the_CompliantFix_values()
    {
        await using var host = await FeedHost.StartAsync();
        var records = FeedRecords.Precise;
        var byTime = records.ToDictionary(TpvAssert.TimeText);
        using var gpspipe = Start("gpspipe", "-w", "-n", "6", $"127.0.0.1:{host.Port}");
        var output = gpspipe.StandardOutput.ReadToEndAsync();
        var errors = gpspipe.StandardError.ReadToEndAsync();

        using var stop = new CancellationTokenSource();
        var feeding = FeedAtTwentyHertzAsync(host.Feed, records, stop.Token);
        await gpspipe.WaitForExitAsync().WaitAsync(Guard);
        await stop.CancelAsync();
        await feeding;

        Assert.True(gpspipe.ExitCode == 0, await errors);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(6, lines.Length);
        var objects = lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(["VERSION", "DEVICES", "WATCH", "TPV", "TPV", "TPV"], objects.Select(o => o.Class()));
        foreach (var tpv in objects.Skip(3))
        {
            var record = byTime[tpv.GetProperty("time").GetString()!];
            TpvAssert.Matches(record, tpv);
            Assert.Equal(Math.Round(record.Latitude!.Value, 8), tpv.GetProperty("lat").GetDouble());
            Assert.Equal(Math.Round(record.Longitude!.Value, 8), tpv.GetProperty("lon").GetDouble());
        }

        var times = objects.Skip(3).Select(o => o.GetProperty("time").GetString()).ToList();
        Assert.Equal(times.Order(StringComparer.Ordinal), times);
    }

    [Fact]
    public async Task Cgps_under_a_pty_shows_the_fix_of_a_CompliantFix()
    {
        await using var host = await FeedHost.StartAsync();
        var records = FeedRecords.Precise;
        var byLatitude = records.GroupBy(r => Degrees(r.Latitude!.Value)).ToDictionary(g => g.Key, g => g.First());
        var start = new ProcessStartInfo("script")
        {
            ArgumentList = { "-qfc", $"cgps -s 127.0.0.1:{host.Port}", "/dev/null" },
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
            Environment = { ["TERM"] = "xterm", ["COLUMNS"] = "80", ["LINES"] = "40" },
        };
        using var cgps = Process.Start(start) ?? throw new InvalidOperationException("script did not start");
        var screen = new StringBuilder();
        var shown = new TaskCompletionSource<CompliantFix>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = ReadScreenAsync(cgps, screen, byLatitude, shown);

        using var stop = new CancellationTokenSource();
        var feeding = FeedAtTwentyHertzAsync(host.Feed, records, stop.Token);
        CompliantFix? record = null;
        try
        {
            record = await shown.Task.WaitAsync(Guard);
        }
        catch (TimeoutException)
        {
            Assert.Fail("cgps showed none of the fixes; its screen: " + Printable(screen));
        }
        finally
        {
            await stop.CancelAsync();
            await feeding;
            cgps.Kill(entireProcessTree: true);
            await cgps.WaitForExitAsync().WaitAsync(Guard);
            await reading;
        }

        string text;
        lock (screen)
        {
            text = screen.ToString();
        }

        Assert.Contains($"{Degrees(record.Latitude!.Value)} N", text, StringComparison.Ordinal);
        Assert.Contains($"{Degrees(record.Longitude!.Value)} E", text, StringComparison.Ordinal);
        Assert.Contains(TpvAssert.TimeText(record), text, StringComparison.Ordinal);
    }

    private static async Task ReadScreenAsync(Process cgps, StringBuilder screen, Dictionary<string, CompliantFix> byLatitude, TaskCompletionSource<CompliantFix> shown)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await cgps.StandardOutput.ReadAsync(buffer)) > 0)
        {
            string text;
            lock (screen)
            {
                screen.Append(buffer, 0, read);
                text = screen.ToString();
            }

            foreach (Match match in LatitudeOnScreen().Matches(text))
            {
                if (byLatitude.TryGetValue(match.Groups[1].Value, out var record))
                {
                    shown.TrySetResult(record);
                }
            }
        }
    }

    /// <summary>A record every 50 ms, like a 20 Hz receiver, until stopped (pacing the source, not synchronising the test).</summary>
    private static async Task FeedAtTwentyHertzAsync(LocalGpsdFeed feed, IReadOnlyList<CompliantFix> records, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            for (var i = 0; i < records.Count && await timer.WaitForNextTickAsync(stop); i++)
            {
                feed.Accept(records[i]);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private static Process Start(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
    }

    private static string Degrees(double value) => Math.Round(value, 8).ToString("F8", CultureInfo.InvariantCulture);

    private static string Printable(StringBuilder screen)
    {
        lock (screen)
        {
            return Regex.Replace(screen.ToString(), @"\e\[[0-9;?]*[A-Za-z]|\e[()][0-9A-Z]|[^\x20-\x7E]", " ");
        }
    }

    [GeneratedRegex(@"(\d{1,2}\.\d{8}) N")]
    private static partial Regex LatitudeOnScreen();
}
