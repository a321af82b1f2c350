using System.Diagnostics;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Forwarding.Outbox;
using GeoFence.Forwarding.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>The agent as a child process, killed with SIGKILL mid-stream: what it committed is delivered after restart.</summary>
public sealed class AgentKillTests : IDisposable
{
    private const double StartLat = 38.1;
    private const double StartLon = -122.6;
    private readonly UnitWorkspace unit = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> agentLog = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task Records_committed_before_a_kill_9_are_all_delivered_after_restart_and_sequences_never_repeat()
    {
        using var broker = new MosquittoBroker(unit.File("mosquitto"));
        broker.Stop(); // the broker is down while the agent streams: records go to the card
        unit.DropBundle(TestPolicies.Json(delaySeconds: 2, brokerPort: broker.Port));
        var capture = Drive(points: 30_000, TimeSpan.FromMilliseconds(50)); // 25 min at 20 Hz, replayed as fast as it goes

        using (var agent = StartAgent($"Receiver:Source=file:{capture}", "Receiver:StopAtEnd=false"))
        {
            try
            {
                await WhenAsync(() => unit.CommittedRecords() >= 500, agent, TimeSpan.FromSeconds(90));
            }
            finally
            {
                agent.Kill(entireProcessTree: true); // SIGKILL: no flush, no shutdown (and never left running by a failed test)
                await agent.WaitForExitAsync();
            }
        }

        var committed = ReadOutbox(out var health);
        Assert.Equal(OutboxHealth.Ok, health);
        Assert.True(committed.Count >= 500, $"{committed.Count} committed");
        Assert.True(committed.Count < 25_000, "the agent had finished the stream before the kill");
        Assert.Equal(committed.Count, committed.Distinct().Count());

        broker.Start();
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: false, "geofence/test-unit/fix");
        var replay = Drive(points: 200, TimeSpan.FromSeconds(1));
        using (var agent = StartAgent($"Receiver:Source=file:{replay}", "Receiver:StopAtEnd=true"))
        {
            try
            {
                await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
            }
            finally
            {
                if (!agent.HasExited)
                {
                    agent.Kill(entireProcessTree: true);
                }
            }

            Assert.Equal(0, agent.ExitCode);
        }

        // The agent exits once the broker has acknowledged everything; the broker's copies reach the consumer after
        // that, so the test waits for them (bounded) instead of reading the consumer at the agent's exit.
        var expected = committed.ToHashSet();
        var highest = committed.Max();
        try
        {
            await consumer.WhenAsync(c => expected.IsSubsetOf(c.Sequences) && c.Sequences.Any(s => s > highest), TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            // reported by the assertions below, with what did arrive
        }

        var delivered = consumer.Sequences.ToHashSet();
        var lost = committed.Where(s => !delivered.Contains(s)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {committed.Count} committed records lost, e.g. {string.Join(',', lost.Take(5))}; {delivered.Count} delivered; agent log: {string.Join(" | ", agentLog)}");
        var fresh = delivered.Where(s => !committed.Contains(s)).ToList();
        Assert.NotEmpty(fresh);
        Assert.True(fresh.Min() > committed.Max(), $"a sequence number came back: {fresh.Min()} <= {committed.Max()}");
    }

    private Process StartAgent(params string[] settings)
    {
        var agent = DeviceProcess.Start(["run", "--config-dir", unit.Config, .. unit.Args(settings), "Receiver:MinimumPlausibleDate=2000-01-01T00:00:00Z"]);
        void Keep(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is { Length: > 0 } line)
            {
                agentLog.Enqueue(line); // kept for the failure message (the agent logs no coordinates)
                while (agentLog.Count > 150 && agentLog.TryDequeue(out _))
                {
                }
            }
        }

        agent.OutputDataReceived += Keep;
        agent.ErrorDataReceived += Keep;
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        return agent;
    }

    private List<long> ReadOutbox(out OutboxHealth health)
    {
        using var outbox = DurableOutbox.Open(new OutboxOptions { DatabasePath = unit.Outbox }, TimeProvider.System, NullLogger.Instance);
        health = outbox.Health;
        var sequences = outbox.ReadAfter(0, 1_000_000).Select(r => r.Sequence).ToList();
        return sequences;
    }

    private static async Task WhenAsync(Func<bool> condition, Process agent, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(agent.HasExited, $"the agent exited early with {(agent.HasExited ? agent.ExitCode : 0)}");
            Assert.True(deadline.Elapsed < timeout, "condition not met in time");
            await Task.Delay(100); // polls the agent's database file from outside the process: no signal crosses
        }
    }

    private string Drive(int points, TimeSpan step)
    {
        var (header, epochs) = CaptureRepather.Split(File.ReadAllLines(Corpus.PathOf("ublox-neo-m9n-nmea.log")));
        var start = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var path = Enumerable.Range(0, points).Select(i =>
        {
            var (lat, lon) = Earth.Offset(StartLat, StartLon, 0.5 * i, 0.5 * i);
            return new PathPoint(start + (step * i), lat, lon, 10, 45);
        }).ToArray();
        var file = unit.File($"drive-{points}-{step.TotalMilliseconds}.log");
        File.WriteAllBytes(file, CaptureRepather.Repath(header, epochs, path));
        return file;
    }
}
