using Xunit.Abstractions;
using GeoFence.Forwarding.Publishing;
using GeoFence.Forwarding.Tests.Infrastructure;
using GeoFence.Forwarding.Tests.Outbox;

namespace GeoFence.Forwarding.Tests.Publishing;

/// <summary>Outbox → forwarder → Debian's mosquitto over TLS with a pinned CA → a consumer.</summary>
public sealed class ForwarderEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task N_records_in_give_the_same_N_sequence_numbers_out_in_order_and_the_outbox_empties()
    {
        using var dir = new OutboxFixture();
        var tls = TlsMaterial.CreateCa("GeoFence Test CA");
        using var broker = new MosquittoBroker(dir.Directory, tls);
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: true, "geofence/unit-7/#");
        await using var fixture = new ForwarderFixture();
        var first = fixture.NextSequence;
        fixture.Append(500);

        var allAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var forwarder = fixture.Start(() => ForwarderFixture.Approval(broker.Port, tls.CaPem));
        forwarder.BatchAcknowledged += total =>
        {
            if (total >= 500)
            {
                allAcknowledged.TrySetResult();
            }
        };
        await consumer.WhenAsync(c => c.Sequences.Count >= 500, Patience);
        await allAcknowledged.Task.WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => first + i), consumer.Sequences);
        Assert.Equal(ForwarderState.Connected, forwarder.State);
        Assert.True(fixture.Outbox.BrokerConnected);
        Assert.Equal(TimeSpan.FromMilliseconds(200), fixture.Outbox.CurrentCommitInterval);
        Assert.Equal(500, forwarder.Counters.RecordsAcknowledged);
        Assert.Equal(0, fixture.Outbox.Depth);
        await using var late = await RecordConsumer.ConnectAsync(broker.Port, tls: true, "geofence/unit-7/status");
        await late.WhenAsync(c => c.Messages.Any(m => m.Retain), Patience);
        var status = System.Text.Encoding.UTF8.GetString(late.Messages.First(m => m.Retain).Payload);
        Assert.Contains("\"online\"", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mqtt_3_1_1_is_selectable_and_delivers_the_same_records()
    {
        using var dir = new OutboxFixture();
        var tls = TlsMaterial.CreateCa("GeoFence Test CA");
        using var broker = new MosquittoBroker(dir.Directory, tls);
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: true, "geofence/unit-7/fix");
        await using var fixture = new ForwarderFixture();
        var first = fixture.NextSequence;
        fixture.Append(120);

        var options = ForwarderFixture.Options() with { ProtocolVersion = MQTTnet.Formatter.MqttProtocolVersion.V311 };
        var forwarder = fixture.Start(() => ForwarderFixture.Approval(broker.Port, tls.CaPem), options);
        await consumer.WhenAsync(c => c.Sequences.Count >= 120, Patience);

        Assert.Equal(Enumerable.Range(0, 120).Select(i => first + i), consumer.Sequences);
        Assert.Equal(options.MaxInFlight, forwarder.Counters.InFlightCap);
    }

    [Fact]
    public async Task The_brokers_receive_maximum_caps_messages_in_flight()
    {
        using var dir = new OutboxFixture();
        var tls = TlsMaterial.CreateCa("GeoFence Test CA");
        using var broker = new MosquittoBroker(dir.Directory, tls, maxInflight: 2);
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: true, "geofence/unit-7/fix");
        await using var fixture = new ForwarderFixture();
        fixture.Append(400);

        var forwarder = fixture.Start(() => ForwarderFixture.Approval(broker.Port, tls.CaPem), ForwarderFixture.Options(maxInFlight: 16, batch: 5));
        await consumer.WhenAsync(c => c.Sequences.Count >= 400, Patience);

        Assert.Equal(2, forwarder.Counters.InFlightCap);
        Assert.InRange(forwarder.Counters.InFlightPeak, 1, 2);
    }

    [Fact]
    public async Task Broker_restarted_ten_times_during_a_stream_loses_nothing_and_duplicates_stay_within_the_window()
    {
        using var dir = new OutboxFixture();
        var tls = TlsMaterial.CreateCa("GeoFence Test CA");
        using var broker = new MosquittoBroker(dir.Directory, tls, persistent: true);
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: true, "geofence/unit-7/fix", persistent: true);
        await using var fixture = new ForwarderFixture();
        var first = fixture.NextSequence;
        var options = ForwarderFixture.Options(maxInFlight: 8, batch: 20);
        var connects = new ConnectSignals();
        var forwarder = fixture.Start(() => ForwarderFixture.Approval(broker.Port, tls.CaPem), options, stateChanged: connects.OnState);

        const int total = 10_000;
        for (var round = 0; round < 10; round++)
        {
            await connects.Connected(round + 1).WaitAsync(Patience);
            fixture.Append(total / 10);
            var target = (round + 1) * (total / 10) / 2;
            await Diagnose(consumer.WhenAsync(c => c.Sequences.Distinct().Count() >= target, Patience), forwarder, fixture, consumer);
            broker.StopGracefully();
            broker.Start();
        }

        await Diagnose(consumer.WhenAsync(c => c.Sequences.Distinct().Count() >= total, Patience), forwarder, fixture, consumer);
        var received = consumer.Sequences;
        Assert.Equal(Enumerable.Range(0, total).Select(i => first + i), received.Distinct().Order());
        // Our side re-sends at most what was in flight at each restart; mosquitto itself may re-deliver to the
        // persistent consumer what it had in flight to it (its default max_inflight_messages is 20 messages).
        Assert.InRange(forwarder.Counters.RecordsResent, 0, 10 * options.MaxInFlight * options.BatchSize);
        var duplicates = received.Count - total;
        Assert.InRange(duplicates, 0, forwarder.Counters.RecordsResent + (10 * 20 * options.BatchSize));
        Assert.Equal(11, forwarder.Counters.Connects);
        output.WriteLine($"records {total}, broker restarts 10, lost 0, resent by us {forwarder.Counters.RecordsResent}, duplicates at the consumer {duplicates}, connects {forwarder.Counters.Connects}");
    }

    private static async Task Diagnose(Task wait, MqttForwarder forwarder, ForwarderFixture fixture, RecordConsumer consumer)
    {
        try
        {
            await wait;
        }
        catch (TimeoutException)
        {
            var c = forwarder.Counters;
            Assert.Fail($"stalled: state={forwarder.State} reason={forwarder.Rejection.Reason} connects={c.Connects} failures={c.ConnectFailures} acked={c.RecordsAcknowledged} inflight={c.InFlight} depth={fixture.Outbox.Depth} received={consumer.Sequences.Distinct().Count()}");
        }
    }

    /// <summary>Signals the n-th time the forwarder reached Connected.</summary>
    private sealed class ConnectSignals
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource> _signals = new();
        private int _count;

        public Task Connected(int n) => Signal(n).Task;

        public void OnState(ForwarderState state)
        {
            if (state == ForwarderState.Connected)
            {
                Signal(Interlocked.Increment(ref _count)).TrySetResult();
            }
        }

        private TaskCompletionSource Signal(int n) => _signals.GetOrAdd(n, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
