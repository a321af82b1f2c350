using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Forwarding.Tests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>The agent as a child process on a socat pty (serial source, 115200 Bd), a signed policy and real mosquitto.</summary>
public sealed class UnitSerialEndToEndTests : IDisposable
{
    private readonly UnitWorkspace unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task Fixes_written_into_the_pty_arrive_at_a_consumer_in_order_one_record_per_epoch()
    {
        using var broker = new MosquittoBroker(unit.File("mosquitto"));
        unit.DropBundle(TestPolicies.Json(delaySeconds: 1, brokerPort: broker.Port));
        using var pty = new SocatPty(unit.File("pty"));
        var feed = new UnitEpochFeed(pty);
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: false, "geofence/test-unit/fix");
        using var agent = UnitAgent.Start(unit, pty.ReaderPath, out var log);

        using var enough = new CancellationTokenSource();
        var arrived = consumer.WhenAsync(c => c.Sequences.Count >= 40, TimeSpan.FromSeconds(90));
        _ = arrived.ContinueWith(_ => enough.Cancel(), TaskScheduler.Default);
        await feed.RunAsync(epochs: 90 * 20, agent, enough.Token);
        await arrived;
        UnitAgent.Terminate(agent);
        await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(agent.ExitCode == 0, log.ToString());
        var times = consumer.Messages.Where(m => m.Topic.EndsWith("/fix", StringComparison.Ordinal))
            .SelectMany(m => JsonDocument.Parse(m.Payload).RootElement.EnumerateArray()
                .Select(e => (Seq: e.GetProperty("seq").GetInt64(), Time: DateTimeOffset.Parse(e.GetProperty("time").GetString()!, CultureInfo.InvariantCulture))))
            .DistinctBy(r => r.Seq).OrderBy(r => r.Seq).ToList();
        Assert.True(times.Count >= 40, $"{times.Count} records");
        Assert.Equal(Enumerable.Range(0, times.Count).Select(i => times[0].Seq + i), times.Select(r => r.Seq));
        Assert.All(times, r => Assert.InRange(feed.IndexOf(r.Time), 0, feed.Written - 1));
        Assert.Equal(times.Select(r => r.Time).Order(), times.Select(r => r.Time)); // receiver order
        Assert.Equal(times.Count, times.Select(r => feed.IndexOf(r.Time)).Distinct().Count()); // one record per epoch
    }
}

/// <summary>The agent (geofence-device run) as a child process reading a pty; its output is collected.</summary>
internal static class UnitAgent
{
    public static Process Start(UnitWorkspace unit, string serial, out StringBuilder log, params string[] more)
    {
        var agent = DeviceProcess.Start(["run", "--config-dir", unit.Config, .. unit.Args([$"Receiver:Source=serial:{serial}", "Receiver:Baud=115200", "Receiver:MinimumPlausibleDate=2000-01-01T00:00:00Z", .. more])]);
        var lines = new StringBuilder();
        void Keep(object sender, DataReceivedEventArgs e)
        {
            lock (lines)
            {
                lines.AppendLine(e.Data);
            }
        }

        agent.OutputDataReceived += Keep;
        agent.ErrorDataReceived += Keep;
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        log = lines;
        return agent;
    }

    /// <summary>SIGTERM, as systemd stops the service (Process.Kill would be SIGKILL).</summary>
    public static void Terminate(Process agent)
    {
        using var kill = Process.Start("kill", ["-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}

/// <summary>A receiver on a pty: a real capture (u-blox NEO-M9N) re-pathed to 20 Hz epochs from the current time.</summary>
internal sealed class UnitEpochFeed(SocatPty pty)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly IReadOnlyList<IReadOnlyList<string>> _epochs = CaptureRepather.Split(File.ReadAllLines(Corpus.PathOf("ublox-neo-m9n-nmea.log"))).Epochs;
    private readonly DateTimeOffset _start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    private int _written;

    /// <summary>Epochs written so far.</summary>
    public int Written => Volatile.Read(ref _written);

    /// <summary>Receiver time of epoch <paramref name="index"/>.</summary>
    public DateTimeOffset TimeOf(int index) => _start + (Interval * index);

    /// <summary>The epoch a receiver time belongs to.</summary>
    public int IndexOf(DateTimeOffset time) => (int)Math.Round((time - _start) / Interval);

    /// <summary>Writes epochs at 20 Hz (the receiver's rate, not a synchronisation) until cancelled or done; <paramref name="afterEach"/> sees each index.</summary>
    public async Task RunAsync(int epochs, Process? agent, CancellationToken cancellationToken, Func<int, Task>? afterEach = null)
    {
        using var timer = new PeriodicTimer(Interval);
        for (var i = 0; i < epochs && !cancellationToken.IsCancellationRequested; i++)
        {
            Assert.False(agent?.HasExited ?? false, "the agent exited while being fed");
            var (lat, lon) = Earth.Offset(38.1, -122.6, 0.5 * i, 0.5 * i);
            var point = new PathPoint(TimeOf(i), lat, lon, 10, 45);
            pty.Write(Encoding.ASCII.GetBytes(string.Concat(_epochs[i % _epochs.Count].Select(s => CaptureRepather.Rewrite(s, point) + "\r\n"))));
            Interlocked.Increment(ref _written);
            if (afterEach is not null)
            {
                await afterEach(i);
            }

            try
            {
                await timer.WaitForNextTickAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
