using System.Text;
using System.Text.Json;
using GeoFence.Device.Cli.Simulate;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Forwarding.Gate;
using GeoFence.Forwarding.Outbox;
using GeoFence.Forwarding.Publishing;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.IntegrationTests.Demo;

/// <summary>The real forwarder, through its real gate, with the broker the demo policy approves, delivers to the demo consumer.</summary>
public sealed class DemoForwardingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Outbox_records_of_the_drive_pass_the_gate_and_arrive_at_the_consumer_once_each()
    {
        await using var demo = await DemoEnvironment.StartAsync();
        var consumer = demo.Consumer!;
        var records = ForwardedRecords(demo, 40);
        var holder = new PolicyHolder();
        Assert.True(new PolicyUpdater(new PolicyStore(demo.DataDirectory, demo.TrustDirectory, demo.DeviceKeyFile, TimeProvider.System), holder).LoadAtStartup().IsUsable);

        using var outbox = DurableOutbox.Open(new OutboxOptions { DatabasePath = Path.Combine(demo.DataDirectory, "outbox.db") }, TimeProvider.System, NullLogger.Instance);
        foreach (var (sequence, payload) in records)
        {
            Assert.True(outbox.TryAppend(new OutboxRecord(sequence, DateTimeOffset.UtcNow, payload)));
        }

        var options = demo.ForwarderOptions() with { ReconnectInitialDelay = TimeSpan.FromMilliseconds(100), ReconnectMaximumDelay = TimeSpan.FromSeconds(1), BatchSize = 7 };
        var forwarder = new MqttForwarder(() => BrokerSelection.Choose(holder.Current.Policy?.Brokers ?? [], null), outbox, options, TimeProvider.System, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var commits = outbox.RunAsync(stop.Token);
        var run = forwarder.RunAsync(stop.Token);
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            await consumer.WhenRecordsAsync(records.Count, timeout.Token);

            Assert.Equal(records.Select(r => r.Sequence), consumer.Sequences());
            Assert.Equal(ForwarderState.Connected, forwarder.State);
            Assert.Null(forwarder.Rejection.Reason);
            Assert.Equal(0, consumer.Malformed);
            Assert.Equal(0, consumer.Duplicates);
            Assert.True(demo.Broker.MessagesReceived(demo.FixTopic) >= (records.Count + 6) / 7);
            Assert.True(demo.Broker.MessagesReceived(demo.StatusTopic) >= 1);
            Assert.Equal(records.Count, consumer.RecordsByLevel().Values.Sum());
        }
        finally
        {
            await stop.CancelAsync();
            await run.WaitAsync(Patience);
            await commits.WaitAsync(Patience);
        }
    }

    [Fact]
    public async Task The_consumer_counts_malformed_messages_and_duplicates_without_counting_them_as_records()
    {
        await using var demo = await DemoEnvironment.StartAsync();
        var consumer = demo.Consumer!;

        consumer.OnMessage(demo.FixTopic, "not json"u8.ToArray());
        consumer.OnMessage(demo.FixTopic, "{\"seq\":1,\"level\":\"precise\"}"u8.ToArray()); // an object, not the batch array
        consumer.OnMessage(demo.FixTopic, "[{\"level\":\"precise\"}]"u8.ToArray());
        consumer.OnMessage(demo.FixTopic, "[{\"seq\":2,\"level\":\"secret\"}]"u8.ToArray());
        consumer.OnMessage(demo.FixTopic, "[]"u8.ToArray());
        consumer.OnMessage(demo.FixTopic, new byte[DemoConsumer.MaxMessageBytes + 1]);
        consumer.OnMessage(demo.FixTopic, "[{\"seq\":5,\"level\":\"precise\"},{\"seq\":6,\"level\":\"redacted\"}]"u8.ToArray());
        consumer.OnMessage(demo.FixTopic, "[{\"seq\":6,\"level\":\"redacted\"}]"u8.ToArray());
        consumer.OnMessage(demo.StatusTopic, "{\"v\":1,\"state\":\"online\"}"u8.ToArray());
        consumer.OnMessage("elsewhere/fix", "[{\"seq\":9,\"level\":\"precise\"}]"u8.ToArray());

        Assert.Equal(6, consumer.Malformed);
        Assert.Equal(2, consumer.Records);
        Assert.Equal(1, consumer.Duplicates);
        Assert.Equal([5L, 6L], consumer.Sequences());
        Assert.Equal(1, consumer.StatusMessages);
        Assert.Equal("{\"v\":1,\"state\":\"online\"}", consumer.LastStatus);
        await consumer.WhenRecordsAsync(2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1));
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumer.WhenRecordsAsync(3, soon.Token));
    }

    /// <summary>The first <paramref name="count"/> records simulate forwards for the demo drive (real sanitiser output).</summary>
    private static List<(long Sequence, byte[] Payload)> ForwardedRecords(DemoEnvironment demo, int count)
    {
        using var dir = new TestDirectory();
        SimulateRun.Execute(new SimulateRequest(demo.DriveFile, demo.BundleFile, demo.TrustDirectory, dir.Path, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), demo.DeviceKeyFile));
        return File.ReadLines(dir.File(SimulateRun.ForwardedFile)).Take(count).Select(line =>
        {
            using var record = JsonDocument.Parse(line);
            return (record.RootElement.GetProperty("seq").GetInt64(), Encoding.UTF8.GetBytes(line));
        }).ToList();
    }
}
