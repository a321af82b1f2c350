using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Forwarding.Outbox;
using GeoFence.Forwarding.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>SIGTERM while the stream runs and the broker is down: exit 0 in the stop timeout, every appended record committed.</summary>
public sealed partial class UnitSigtermTests : IDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30); // the Generic Host's default shutdown timeout
    private readonly UnitWorkspace unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task Sigterm_mid_stream_exits_0_and_the_outbox_holds_every_record_it_appended()
    {
        using var broker = new MosquittoBroker(unit.File("mosquitto"));
        broker.Stop(); // nothing is acknowledged: every appended record must be on the card
        unit.DropBundle(TestPolicies.Json(delaySeconds: 1, brokerPort: broker.Port));
        using var pty = new SocatPty(unit.File("pty"));
        var feed = new UnitEpochFeed(pty);
        using var agent = UnitAgent.Start(unit, pty.ReaderPath, out var log);
        using var stopFeeding = new CancellationTokenSource();
        var stopwatch = new Stopwatch();

        var feeding = feed.RunAsync(epochs: 120 * 20, agent, stopFeeding.Token, async i =>
        {
            if (i >= 100 && i % 20 == 0 && !stopwatch.IsRunning && unit.CommittedRecords() >= 20)
            {
                stopwatch.Start();
                UnitAgent.Terminate(agent); // the stream keeps running through the stop
            }

            await Task.CompletedTask;
        });
        var exited = agent.WaitForExitAsync();
        await Task.WhenAny(exited, feeding);
        await exited.WaitAsync(StopTimeout + TimeSpan.FromSeconds(30));
        stopwatch.Stop();
        await stopFeeding.CancelAsync();
        await feeding.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default); // the pty write may fail once the agent is gone

        Assert.True(agent.ExitCode == 0, log.ToString());
        Assert.True(stopwatch.Elapsed < StopTimeout, $"stopped after {stopwatch.Elapsed}");
        var match = StopLine().Match(log.ToString());
        Assert.True(match.Success, "no outbox line at stop: " + log);
        var appended = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var committed = long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(appended >= 20, $"{appended} appended");
        Assert.Equal(appended, committed);
        Assert.Equal("0", match.Groups[3].Value);
        using var outbox = DurableOutbox.Open(new OutboxOptions { DatabasePath = unit.Outbox }, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(OutboxHealth.Ok, outbox.Health);
        var stored = outbox.ReadAfter(0, 1_000_000).Select(r => r.Sequence).ToList();
        Assert.Equal(appended, stored.Count);
        Assert.Equal(Enumerable.Range(0, stored.Count).Select(i => stored[0] + i), stored);
    }

    [GeneratedRegex(@"outbox at stop: appended (\d+), committed (\d+), never written (\d+)")]
    private static partial Regex StopLine();
}
