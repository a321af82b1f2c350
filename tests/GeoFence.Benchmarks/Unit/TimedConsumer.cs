using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace GeoFence.Benchmarks.Unit;

/// <summary>Subscribes to the unit's fix topic and keeps, per record sequence, its receiver time and the Stopwatch time it arrived.</summary>
internal sealed class TimedConsumer : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentDictionary<long, (DateTimeOffset Time, long ArrivedAt)> _records = new();
    private readonly ConcurrentQueue<double> _peerMilliseconds = new();
    private int _duplicates;

    /// <summary>The peer topic: a plain publisher in this process, the broker and loopback without the agent.</summary>
    public const string PeerTopic = "bench/peer";

    /// <summary>Latencies of the peer's messages (publish call → arrival here), ms.</summary>
    public IReadOnlyList<double> PeerMilliseconds => _peerMilliseconds.ToList();

    /// <summary>Distinct records received (by sequence).</summary>
    public IReadOnlyDictionary<long, (DateTimeOffset Time, long ArrivedAt)> Records => _records;

    /// <summary>Records received more than once (QoS 1 redelivery).</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    public static async Task<TimedConsumer> ConnectAsync(int port, string topic)
    {
        var consumer = new TimedConsumer();
        consumer._client.ApplicationMessageReceivedAsync += e =>
        {
            var arrived = Stopwatch.GetTimestamp();
            if (e.ApplicationMessage.Topic == PeerTopic)
            {
                var sent = BitConverter.ToInt64(e.ApplicationMessage.Payload.ToArray());
                consumer._peerMilliseconds.Enqueue(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
                return Task.CompletedTask;
            }

            using var doc = JsonDocument.Parse(e.ApplicationMessage.Payload);
            foreach (var record in doc.RootElement.EnumerateArray())
            {
                var time = DateTimeOffset.Parse(record.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
                if (!consumer._records.TryAdd(record.GetProperty("seq").GetInt64(), (time, arrived)))
                {
                    Interlocked.Increment(ref consumer._duplicates);
                }
            }

            return Task.CompletedTask;
        };
        await consumer._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("unit-bench-consumer").WithCleanStart(true).Build());
        await consumer._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(PeerTopic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return consumer;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
