using System.Collections.Concurrent;
using System.Text;
using GeoFence.Forwarding.Publishing;
using GeoFence.Forwarding.Tests.Infrastructure;
using GeoFence.Forwarding.Tests.Outbox;

namespace GeoFence.Forwarding.Tests.Publishing;

/// <summary>
/// The MQTT session against a scripted broker: a broker that never answers CONNACK, withholds PUBACKs, stops answering
/// keep-alive, sends garbage or oversized messages. Each time the connection is given up and made again, and nothing in
/// the outbox is lost or acknowledged without a PUBACK.
/// </summary>
public sealed class SessionFaultTests
{
    private const int PacketPublish = 3;
    private const int PacketSubscribe = 8;
    private const int PacketPingReq = 12;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_broker_that_never_answers_CONNACK_is_given_up_at_the_connect_timeout_and_tried_again()
    {
        using var broker = new ScriptedBroker(c => c.DrainAsync());
        await using var fixture = new ForwarderFixture();
        fixture.Append(5);
        var failures = new Signal { Condition = () => fixture.Forwarder?.Counters.ConnectFailures >= 2 };
        var forwarder = fixture.Start(Approval(broker), Options() with { ConnectTimeout = TimeSpan.FromSeconds(1) }, stateChanged: _ => failures.Check());

        await failures.Task.WaitAsync(Patience);
        Assert.True(broker.Connections >= 2);
        Assert.Equal(0, forwarder.Counters.Connects);
        Assert.Equal(5, fixture.Outbox.Depth);
    }

    [Fact]
    public async Task Fixes_without_PUBACK_are_given_up_at_the_publish_timeout_and_sent_again_on_a_new_connection()
    {
        var fixPublishes = new ConcurrentDictionary<int, int>();
        var connections = 0;
        using var broker = new ScriptedBroker(async c =>
        {
            var connection = Interlocked.Increment(ref connections);
            await Handshake(c);
            while (await c.ReadPacketAsync() is { } packet)
            {
                if (packet.Type == PacketPublish && Topic(packet.Body).EndsWith("/status", StringComparison.Ordinal))
                {
                    await c.WriteAsync(ScriptedConnection.PubAckFor(packet.Body));
                }
                else if (packet.Type == PacketPublish)
                {
                    fixPublishes.AddOrUpdate(connection, 1, (_, n) => n + 1); // never acknowledged
                }
            }
        });
        await using var fixture = new ForwarderFixture();
        fixture.Append(10);
        var reconnected = new Signal { Condition = () => fixture.Forwarder?.Counters.Connects >= 2 && fixPublishes.Count >= 2 };
        // More records than the in-flight window holds (2 messages of 1 record): the pump waits for a slot, and the
        // session's PUBACK timeout must still be checked while it does.
        var forwarder = fixture.Start(Approval(broker), ForwarderFixture.Options(maxInFlight: 2, batch: 1) with { PublishTimeout = TimeSpan.FromSeconds(1) }, stateChanged: _ => reconnected.Check());

        await reconnected.Task.WaitAsync(Patience);
        Assert.True(forwarder.Counters.PublishFailures >= 1);
        Assert.Equal(0, forwarder.Counters.RecordsAcknowledged);
        Assert.Equal(10, fixture.Outbox.Depth);
    }

    [Fact]
    public async Task An_idle_connection_is_kept_alive_with_PINGREQ()
    {
        var pingCount = 0;
        var pings = new Signal { Condition = () => Volatile.Read(ref pingCount) >= 3 };
        using var broker = new ScriptedBroker(async c =>
        {
            await Handshake(c);
            while (await c.ReadPacketAsync() is { } packet)
            {
                if (packet.Type == PacketPingReq)
                {
                    await c.WriteAsync(ScriptedBroker.PingResp);
                    Interlocked.Increment(ref pingCount);
                    pings.Check();
                }
                else if (packet.Type == PacketPublish)
                {
                    await c.WriteAsync(ScriptedConnection.PubAckFor(packet.Body));
                }
            }
        });
        await using var fixture = new ForwarderFixture();
        var forwarder = fixture.Start(Approval(broker), Options() with { KeepAlive = TimeSpan.FromSeconds(2) });

        await pings.Task.WaitAsync(Patience);
        Assert.Equal(1, broker.Connections);
        Assert.Equal(1, forwarder.Counters.Connects);
        Assert.Equal(ForwarderState.Connected, forwarder.State);
    }

    [Fact]
    public async Task A_broker_that_stops_answering_is_found_dead_by_keep_alive_and_the_unit_reconnects()
    {
        using var broker = new ScriptedBroker(async c =>
        {
            await Handshake(c);
            while (await c.ReadPacketAsync() is { } packet)
            {
                if (packet.Type == PacketPublish)
                {
                    await c.WriteAsync(ScriptedConnection.PubAckFor(packet.Body)); // PINGREQ never answered
                }
            }
        });
        await using var fixture = new ForwarderFixture();
        var reconnected = new Signal { Condition = () => fixture.Forwarder?.Counters.Connects >= 2 };
        _ = fixture.Start(Approval(broker), Options() with { KeepAlive = TimeSpan.FromSeconds(2) }, stateChanged: _ => reconnected.Check());

        await reconnected.Task.WaitAsync(Patience);
        Assert.True(broker.Connections >= 2);
    }

    [Fact]
    public async Task Garbage_from_the_broker_ends_the_connection_and_every_record_still_arrives_after_reconnect()
    {
        var received = new ConcurrentDictionary<string, int>();
        var first = true;
        using var broker = new ScriptedBroker(async c =>
        {
            await Handshake(c);
            var garbage = Interlocked.Exchange(ref first, false);
            while (await c.ReadPacketAsync() is { } packet)
            {
                if (packet.Type != PacketPublish)
                {
                    continue;
                }

                if (garbage && !Topic(packet.Body).EndsWith("/status", StringComparison.Ordinal))
                {
                    await c.WriteAsync([0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x13, 0x37]); // reserved type, overlong length
                    continue;
                }

                received.AddOrUpdate(Encoding.UTF8.GetString(packet.Body), 1, (_, n) => n + 1);
                await c.WriteAsync(ScriptedConnection.PubAckFor(packet.Body));
            }
        });
        await using var fixture = new ForwarderFixture();
        fixture.Append(10);
        var drained = new Signal { Condition = () => fixture.Forwarder?.Counters.RecordsAcknowledged >= 10 };
        var forwarder = fixture.Start(Approval(broker), Options(), stateChanged: _ => drained.Check());
        forwarder.BatchAcknowledged += _ => drained.Check();
        drained.Check();

        await drained.Task.WaitAsync(Patience);
        Assert.True(forwarder.Counters.Connects >= 2);
        Assert.Equal(10, forwarder.Counters.RecordsAcknowledged);
    }

    [Fact]
    public async Task Oversized_policy_messages_are_acknowledged_and_counted_and_the_next_one_still_arrives()
    {
        var acknowledged = new ConcurrentBag<int>();
        var done = new Signal { Condition = () => acknowledged.Count >= 3 };
        using var broker = new ScriptedBroker(async c =>
        {
            await Handshake(c);
            var subscribe = await c.ReadPacketAsync();
            Assert.Equal(PacketSubscribe, subscribe?.Type);
            await c.WriteAsync([0x90, 0x05, subscribe!.Value.Body[0], subscribe.Value.Body[1], 0x00, 0x01, 0x01]);
            await c.WriteAsync(ScriptedConnection.Publish("geofence/unit-7/policy", 7, new byte[200_000])); // beyond the wire's limit: skipped unread
            await c.WriteAsync(ScriptedConnection.Publish("geofence/unit-7/policy", 8, new byte[10_000])); // read, then refused by size
            await c.WriteAsync(ScriptedConnection.Publish("geofence/unit-7/policy", 9, "ok"u8.ToArray()));
            while (await c.ReadPacketAsync() is { } packet)
            {
                if (packet.Type == 4)
                {
                    acknowledged.Add((packet.Body[0] << 8) | packet.Body[1]);
                    done.Check();
                }
                else if (packet.Type == PacketPublish)
                {
                    await c.WriteAsync(ScriptedConnection.PubAckFor(packet.Body));
                }
            }
        });
        await using var fixture = new ForwarderFixture();
        var bundles = new ConcurrentQueue<byte[]>();
        var forwarder = fixture.Start(Approval(broker), Options() with { MaxPolicyBundleBytes = 1024 }, onPolicy: b =>
        {
            bundles.Enqueue(b.ToArray());
            return Task.CompletedTask;
        });

        await done.Task.WaitAsync(Patience);
        Assert.Equal([7, 8, 9], acknowledged.Order());
        Assert.Equal(2, forwarder.Counters.PolicyBundlesTooLarge);
        Assert.Equal("ok", Encoding.UTF8.GetString(Assert.Single(bundles)));
        Assert.Equal(1, forwarder.Counters.Connects);
    }

    [Fact]
    public async Task A_broker_that_stops_reading_never_blocks_the_thread_that_appends_and_publishes()
    {
        var canaryRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var broker = new ScriptedBroker(
            async c =>
            {
                await Handshake(c);
                for (var acked = 0; acked < 2;)
                {
                    var packet = await c.ReadPacketAsync();
                    if (packet?.Type == PacketPublish)
                    {
                        await c.WriteAsync(ScriptedConnection.PubAckFor(packet.Value.Body)); // the status, then the canary record
                        acked++;
                    }
                }

                canaryRead.TrySetResult();
                await release.Task; // reads nothing more: its receive buffer, then ours, fill up
            },
            receiveBuffer: 4096);
        await using var fixture = new ForwarderFixture();
        var forwarder = fixture.Start(Approval(broker), Options() with { MaxInFlight = 60_000, BatchSize = 50, PublishTimeout = TimeSpan.FromMinutes(10) });
        fixture.Append(1);
        await canaryRead.Task.WaitAsync(Patience);

        // The pump now waits for records: each append below publishes inline, on this thread, one record per message.
        // About 12 MB leave this way, far beyond what the two socket buffers hold; a blocking write would stop here.
        var appending = Task.Factory.StartNew(() => fixture.Append(200_000), TaskCreationOptions.LongRunning);
        await appending.WaitAsync(Patience);
        release.TrySetResult();

        Assert.Equal(200_001, fixture.Outbox.Counters.Appended);
        Assert.True(forwarder.Counters.InFlightPeak > 10_000, $"{forwarder.Counters.InFlightPeak} messages in flight at most");
        Assert.Equal(1, forwarder.Counters.RecordsAcknowledged);
    }

    [Fact]
    public async Task A_PUBACK_completes_its_batch_on_the_session_thread_not_the_thread_pool()
    {
        using var dir = new OutboxFixture();
        using var mosquitto = new MosquittoBroker(dir.Directory);
        await using var fixture = new ForwarderFixture();
        fixture.Append(60);
        var threads = new ConcurrentBag<string?>();
        var drained = new Signal { Condition = () => threads.Count >= 6 };
        var forwarder = new MqttForwarder(() => ForwarderFixture.Approval(mosquitto.Port, loopbackDemo: true, host: "127.0.0.1"), fixture.Outbox, ForwarderFixture.Options(batch: 10), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        forwarder.BatchAcknowledged += _ =>
        {
            threads.Add(Thread.CurrentThread.Name);
            drained.Check();
        };
        using var stop = new CancellationTokenSource();
        var run = forwarder.RunAsync(stop.Token);

        await drained.Task.WaitAsync(Patience);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        Assert.Equal(60, forwarder.Counters.RecordsAcknowledged);
        Assert.All(threads, name => Assert.Equal("mqtt session", name));
    }

    private static async Task Handshake(ScriptedConnection c)
    {
        var connect = await c.ReadPacketAsync();
        Assert.Equal(1, connect?.Type);
        await c.WriteAsync(ScriptedBroker.ConnAckSuccess);
    }

    private static string Topic(byte[] publishBody) => Encoding.UTF8.GetString(publishBody, 2, (publishBody[0] << 8) | publishBody[1]);

    private static Func<GeoFence.Zones.Model.BrokerApproval?> Approval(ScriptedBroker broker) =>
        () => ForwarderFixture.Approval(broker.Port, loopbackDemo: true, host: "127.0.0.1");

    private static ForwarderOptions Options() => ForwarderFixture.Options();

    /// <summary>A condition checked whenever something happens; completes once it holds.</summary>
    private sealed class Signal
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<bool> Condition { get; set; } = static () => false;

        public Task Task => _done.Task;

        public void Check()
        {
            if (Condition())
            {
                _done.TrySetResult();
            }
        }
    }
}
