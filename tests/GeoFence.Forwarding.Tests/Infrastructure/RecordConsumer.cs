using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace GeoFence.Forwarding.Tests.Infrastructure;

/// <summary>A consumer of the fix topic: collects every record's sequence number in arrival order (duplicates kept).</summary>
public sealed class RecordConsumer : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<long> _sequences = new();
    private readonly ConcurrentQueue<(string Topic, byte[] Payload, bool Retain)> _messages = new();
    private readonly List<(Func<RecordConsumer, bool> Condition, TaskCompletionSource Signal)> _waiters = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<long> Sequences => _sequences.ToList();

    public IReadOnlyList<(string Topic, byte[] Payload, bool Retain)> Messages => _messages.ToList();

    /// <summary>Connects and subscribes; a persistent consumer keeps its session and reconnects after a broker restart.</summary>
    public static async Task<RecordConsumer> ConnectAsync(int port, bool tls, string topicFilter, bool persistent = false)
    {
        var consumer = new RecordConsumer();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("consumer-" + Guid.NewGuid().ToString("N")[..8])
            .WithCleanStart(!persistent).WithSessionExpiryInterval(persistent ? 3600u : 0u);
        if (tls)
        {
            options.WithTlsOptions(o => o.UseTls().WithTargetHost("localhost").WithCertificateValidationHandler(_ => true));
        }

        consumer._client.ApplicationMessageReceivedAsync += e =>
        {
            var payload = e.ApplicationMessage.Payload.ToArray();
            consumer._messages.Enqueue((e.ApplicationMessage.Topic, payload, e.ApplicationMessage.Retain));
            if (e.ApplicationMessage.Topic.EndsWith("/fix", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(payload);
                foreach (var record in doc.RootElement.EnumerateArray())
                {
                    consumer._sequences.Enqueue(record.GetProperty("seq").GetInt64());
                }
            }

            consumer.Notify();
            return Task.CompletedTask;
        };
        var built = options.Build();
        if (persistent)
        {
            consumer._client.DisconnectedAsync += async _ =>
            {
                while (!consumer._disposed)
                {
                    try
                    {
                        await consumer._client.ConnectAsync(built);
                        return;
                    }
                    catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
                    {
                        await Task.Delay(50); // reconnect policy of this test consumer, not a synchronisation
                    }
                }
            };
        }

        await consumer._client.ConnectAsync(built);
        await consumer._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return consumer;
    }

    /// <summary>Completes when the condition holds (checked at every message), or fails after the timeout.</summary>
    public Task WhenAsync(Func<RecordConsumer, bool> condition, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (condition(this))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, signal));
            return signal.Task.WaitAsync(timeout);
        }
    }

    private void Notify()
    {
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Condition(this)).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private volatile bool _disposed;

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
