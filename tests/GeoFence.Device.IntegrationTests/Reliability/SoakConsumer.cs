using System.Buffers;
using System.Diagnostics;
using MQTTnet;
using MQTTnet.Protocol;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>
/// The soak's consumer of the fix topic: a persistent MQTT session that reconnects and resubscribes after a broker
/// restart, validates every payload (<see cref="SoakRecordValidator"/>) and keeps every record's arrival (duplicates kept).
/// </summary>
public sealed class SoakConsumer : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly SoakRecordValidator _validator = new();
    private readonly Stopwatch _clock;
    private readonly Lock _gate = new();
    private readonly List<(long Sequence, TimeSpan At, DateTimeOffset? Time)> _arrivals = [];
    private readonly HashSet<long> _seen = [];
    private readonly List<string> _corrupt = [];
    private readonly List<(TimeSpan At, DateTimeOffset Latest)> _firstSeen = [];
    private (TimeSpan After, DateTimeOffset From, TaskCompletionSource<TimeSpan> Signal)? _waiter;
    private volatile bool _disposed;

    private SoakConsumer(Stopwatch clock) => _clock = clock;

    /// <summary>Every record's sequence number, arrival time (since the soak started) and fix time, in arrival order.</summary>
    public IReadOnlyList<(long Sequence, TimeSpan At, DateTimeOffset? Time)> Arrivals
    {
        get
        {
            lock (_gate)
            {
                return [.. _arrivals];
            }
        }
    }

    /// <summary>Distinct sequence numbers delivered.</summary>
    public IReadOnlySet<long> Delivered
    {
        get
        {
            lock (_gate)
            {
                return new HashSet<long>(_seen);
            }
        }
    }

    /// <summary>Payloads that did not parse or validate (the reason, never the payload).</summary>
    public IReadOnlyList<string> Corrupt
    {
        get
        {
            lock (_gate)
            {
                return [.. _corrupt];
            }
        }
    }

    /// <summary>Fix-topic messages received.</summary>
    public int Messages { get; private set; }

    public static async Task<SoakConsumer> ConnectAsync(int port, string topic, Stopwatch clock)
    {
        var consumer = new SoakConsumer(clock);
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("soak-consumer-" + Guid.NewGuid().ToString("N")[..8])
            .WithCleanStart(false).WithSessionExpiryInterval(3600).Build();
        var subscription = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build();
        consumer._client.ApplicationMessageReceivedAsync += e =>
        {
            consumer.OnMessage(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        consumer._client.DisconnectedAsync += async _ =>
        {
            while (!consumer._disposed)
            {
                try
                {
                    await consumer._client.ConnectAsync(options);
                    await consumer._client.SubscribeAsync(subscription);
                    return;
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
                {
                    await Task.Delay(50); // this consumer's reconnect policy, not a synchronisation
                }
            }
        };
        await consumer._client.ConnectAsync(options);
        await consumer._client.SubscribeAsync(subscription);
        return consumer;
    }

    /// <summary>
    /// Completes with the arrival time of the first record not seen before that arrives after <paramref name="after"/>
    /// and whose fix time is at or after <paramref name="fixTimeFrom"/> (so that records a restarted broker still held
    /// for this session, published before the fault, don't count as the unit's recovery).
    /// </summary>
    public Task<TimeSpan> NextNewRecordAsync(TimeSpan after, TimeSpan timeout, DateTimeOffset fixTimeFrom = default)
    {
        lock (_gate)
        {
            var index = _firstSeen.FindIndex(t => t.At >= after && t.Latest >= fixTimeFrom);
            if (index >= 0)
            {
                return Task.FromResult(_firstSeen[index].At);
            }

            var signal = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = (after, fixTimeFrom, signal);
            return signal.Task.WaitAsync(timeout);
        }
    }

    /// <summary>Completes when a record whose fix time is at or after <paramref name="time"/> was delivered.</summary>
    public async Task<bool> WhenFixTimeDeliveredAsync(DateTimeOffset time, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            lock (_gate)
            {
                if (_arrivals.Any(a => a.Time >= time))
                {
                    return true;
                }
            }

            await Task.Delay(100); // polls its own collection while the agent delivers: a guard, not a synchronisation
        }

        return false;
    }

    /// <summary>Completes when every one of <paramref name="sequences"/> was delivered.</summary>
    public async Task<bool> WhenAllDeliveredAsync(IReadOnlyCollection<long> sequences, TimeSpan timeout, Func<bool> stillAlive)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout && stillAlive())
        {
            lock (_gate)
            {
                if (sequences.All(_seen.Contains))
                {
                    return true;
                }
            }

            await Task.Delay(100); // polls its own collection while the agent delivers: a guard, not a synchronisation
        }

        lock (_gate)
        {
            return sequences.All(_seen.Contains);
        }
    }

    private void OnMessage(byte[] payload)
    {
        var at = _clock.Elapsed;
        var result = _validator.Validate(payload);
        lock (_gate)
        {
            Messages++;
            if (result.Error is { } error)
            {
                _corrupt.Add(error);
                return;
            }

            var fresh = false;
            var latest = DateTimeOffset.MinValue; // the latest fix time among the records not seen before
            foreach (var (sequence, time) in result.Records)
            {
                _arrivals.Add((sequence, at, time));
                if (_seen.Add(sequence))
                {
                    fresh = true;
                    latest = time is { } t && t > latest ? t : latest;
                }
            }

            if (fresh)
            {
                _firstSeen.Add((at, latest));
            }

            if (fresh && _waiter is { } waiter && at >= waiter.After && latest >= waiter.From)
            {
                waiter.Signal.TrySetResult(at);
                _waiter = null;
            }
        }
    }

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
