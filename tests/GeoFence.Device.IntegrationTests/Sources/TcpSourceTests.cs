using System.Net;
using System.Net.Sockets;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.IntegrationTests.Sources;

/// <summary>The TCP source against a loopback listener standing in for a receiver or ser2net.</summary>
public sealed class TcpSourceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_dropped_connection_is_reconnected_and_both_halves_arrive()
    {
        var capture = Corpus.Read("garmin15x.log");
        var half = capture.Length / 2;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var options = new SourceOptions { ReopenInitialDelay = TimeSpan.FromMilliseconds(10), ReopenMaximumDelay = TimeSpan.FromMilliseconds(50) };
        var supervisor = new SourceSupervisor(new TcpSource("127.0.0.1", port, TimeSpan.FromSeconds(5)), options, TimeProvider.System, NullLogger.Instance);
        var collector = new ByteCollector();
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync(collector.OnBytes, stop.Token);

        using (var first = await listener.AcceptTcpClientAsync().WaitAsync(Patience))
        {
            await first.GetStream().WriteAsync(capture.AsMemory(0, half));
            await collector.WhenAtLeast(half).WaitAsync(Patience);
        }

        using (var second = await listener.AcceptTcpClientAsync().WaitAsync(Patience))
        {
            await second.GetStream().WriteAsync(capture.AsMemory(half));
            await collector.WhenAtLeast(capture.Length).WaitAsync(Patience);
        }

        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        Assert.Equal(capture, collector.ToArray());
        Assert.Equal(1, supervisor.Counters.Reopens);
    }

    [Fact]
    public async Task A_refused_connection_is_a_counted_fault_not_a_crash()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var supervisor = new SourceSupervisor(new TcpSource("127.0.0.1", port, TimeSpan.FromSeconds(5)), new SourceOptions(), TimeProvider.System, NullLogger.Instance);
        var signals = new StateSignals(supervisor);
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);
        await signals.Entered(SourceState.Backoff, 1).WaitAsync(Patience);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        Assert.Equal(1, supervisor.Counters.Faults);
        Assert.Equal(0, supervisor.Counters.Opens);
    }
}
