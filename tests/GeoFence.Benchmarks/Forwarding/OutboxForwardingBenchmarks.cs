using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using GeoFence.Forwarding.Outbox;
using GeoFence.Forwarding.Publishing;
using GeoFence.Zones.Model;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace GeoFence.Benchmarks.Forwarding;

/// <summary>
/// Durable outbox → forwarder → real mosquitto (QoS 1) for 10 000 records, per batch size, side by side with a bare
/// MQTTnet publisher (no outbox, same batches, same in-flight window of 16). One operation = 10 000 records delivered
/// and acknowledged. Records/s = 10 000 / Mean.
/// </summary>
[MemoryDiagnoser]
public class OutboxForwardingBenchmarks
{
    private const int Records = 10_000;
    private const int InFlight = 16;
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes(
        """{"schema":"geofence.compliant-fix/1","seq":123456,"level":"precise","datum":"WGS84","time":"2026-11-29T01:02:03.400Z","mode":3,"lat":31.1234567,"lon":121.1234567,"altHAE":12.3,"altMSL":15.1,"eph":1.2,"speed":3.21,"track":123.4}""");

    private string _directory = string.Empty;
    private BenchBroker _broker = null!;

    /// <summary>Records per MQTT message.</summary>
    [Params(1, 10, 100)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "geofence-bench", Guid.NewGuid().ToString("N"));
        _broker = new BenchBroker(Path.Combine(_directory, "broker"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _broker.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "durable outbox + forwarder (SQLite WAL FULL, group commit)")]
    public async Task<long> DurableOutbox()
    {
        var path = Path.Combine(_directory, $"outbox-{Guid.NewGuid():N}.db");
        using var outbox = GeoFence.Forwarding.Outbox.DurableOutbox.Open(new OutboxOptions { DatabasePath = path }, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var commits = outbox.RunAsync(stop.Token);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var forwarder = new MqttForwarder(() => Approval(_broker.Port), outbox,
            new ForwarderOptions { UnitId = "bench", BatchSize = Batch, MaxInFlight = InFlight }, TimeProvider.System, NullLogger.Instance);
        forwarder.BatchAcknowledged += total =>
        {
            if (total >= Records)
            {
                done.TrySetResult();
            }
        };
        var run = forwarder.RunAsync(stop.Token);
        var first = outbox.FirstSequence;
        for (var i = 0; i < Records; i++)
        {
            outbox.TryAppend(new OutboxRecord(first + i, DateTimeOffset.UtcNow, Payload));
        }

        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await stop.CancelAsync();
        await run;
        await commits;
        return forwarder.Counters.RecordsAcknowledged;
    }

    [Benchmark(Baseline = true, Description = "bare MQTTnet publisher (no outbox)")]
    public async Task<long> BareMqttnet()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _broker.Port).WithClientId("bench-bare").Build());
        var body = new List<byte>(Payload.Length * Batch + Batch + 2) { (byte)'[' };
        for (var i = 0; i < Batch; i++)
        {
            if (i > 0)
            {
                body.Add((byte)',');
            }

            body.AddRange(Payload);
        }

        body.Add((byte)']');
        var message = body.ToArray();
        using var slots = new SemaphoreSlim(InFlight);
        var pending = new List<Task>();
        long acknowledged = 0;
        for (var sent = 0; sent < Records; sent += Batch)
        {
            await slots.WaitAsync();
            pending.Add(Publish());
        }

        await Task.WhenAll(pending);
        await client.DisconnectAsync();
        return acknowledged;

        async Task Publish()
        {
            try
            {
                await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("geofence/bench/fix").WithPayload(message)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                Interlocked.Add(ref acknowledged, Batch);
            }
            finally
            {
                slots.Release();
            }
        }
    }

    private static BrokerApproval Approval(int port) =>
        new("127.0.0.1", port, [], [], [IPNetwork.Parse("127.0.0.1/32")], false, LoopbackDemo: true);
}
