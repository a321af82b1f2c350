using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Forwarding.Tests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>Debian's gpspipe reads the running unit's local gpsd-compatible feed.</summary>
public sealed class UnitLocalFeedTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly UnitWorkspace unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task Gpspipe_w_reads_TPVs_of_the_fed_epochs_from_the_running_host()
    {
        using var broker = new MosquittoBroker(unit.File("mosquitto"));
        unit.DropBundle(TestPolicies.Json(delaySeconds: 0, brokerPort: broker.Port));
        using var pty = new SocatPty(unit.File("pty"));
        var feed = new UnitEpochFeed(pty);
        var port = FreePort();
        await using var agent = await InProcessUnit.StartAsync(unit,
            [.. unit.Args($"Receiver:Source=serial:{pty.ReaderPath}", "Receiver:Baud=115200", "Receiver:MinimumPlausibleDate=2000-01-01T00:00:00Z"), "LocalFeed:Enabled=true", $"LocalFeed:Port={port}"],
            null, Guard);

        var info = new ProcessStartInfo("gpspipe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-w", "-n", "6", $"127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(arg);
        }

        using var gpspipe = Process.Start(info)!;
        var output = gpspipe.StandardOutput.ReadToEndAsync();
        var gpspipeErrors = gpspipe.StandardError.ReadToEndAsync();
        using var fed = new CancellationTokenSource();
        var feeding = feed.RunAsync(60 * 20, agent: null, fed.Token);
        await gpspipe.WaitForExitAsync().WaitAsync(Guard);
        await fed.CancelAsync();
        await feeding;
        var exit = await agent.StopAsync(Guard);

        Assert.True(exit == 0, agent.Errors.ToString());
        Assert.True(gpspipe.ExitCode == 0, await gpspipeErrors);
        var objects = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(["VERSION", "DEVICES", "WATCH", "TPV", "TPV", "TPV"], objects.Select(o => o.GetProperty("class").GetString()));
        var times = objects.Skip(3).Select(o => DateTimeOffset.Parse(o.GetProperty("time").GetString()!, CultureInfo.InvariantCulture)).ToList();
        Assert.All(times, t => Assert.InRange(feed.IndexOf(t), 0, feed.Written - 1));
        Assert.All(times, t => Assert.Equal(feed.TimeOf(feed.IndexOf(t)), t)); // exactly an epoch's receiver time
        Assert.Equal(times.Order(), times);
        Assert.Equal(3, times.Distinct().Count());
        Assert.All(objects.Skip(3), o => Assert.True(o.GetProperty("mode").GetInt32() >= 2));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
