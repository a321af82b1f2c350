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
    private int _duplicates;

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
        await consumer._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build());
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
