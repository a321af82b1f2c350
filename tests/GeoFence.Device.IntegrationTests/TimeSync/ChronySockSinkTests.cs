using System.Buffers.Binary;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.TimeSync;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.TimeSync;

/// <summary>The sink's datagrams against a real unix datagram listener, on a fake clock.</summary>
public sealed class ChronySockSinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_sample_carries_the_system_time_of_the_first_byte_and_the_receiver_offset()
    {
        using var dir = new TestDirectory();
        using var chrony = new UnixDatagramListener(dir.File("gnss.sock"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 0, 0, 0, 180, TimeSpan.Zero));
        using var sink = Sink(chrony.Path, time);

        var firstByte = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(250)); // the rest of the epoch arrives and is decoded
        sink.Submit(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), firstByte);

        var sample = await chrony.ReceiveAsync(Patience);
        Assert.Equal(40, sample.Length);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), BinaryPrimitives.ReadInt64LittleEndian(sample));
        Assert.Equal(180_000, BinaryPrimitives.ReadInt64LittleEndian(sample.AsSpan(8)));
        Assert.Equal(-0.180, BinaryPrimitives.ReadDoubleLittleEndian(sample.AsSpan(16)), 9);
        Assert.Equal(1, sink.Sent);
    }

    [Fact]
    public void Without_chronyd_samples_are_dropped_and_counted_never_thrown()
    {
        using var dir = new TestDirectory();
        var time = new FakeTimeProvider();
        using var sink = Sink(dir.File("absent.sock"), time);

        sink.Submit(time.GetUtcNow(), time.GetTimestamp());
        sink.Submit(time.GetUtcNow(), time.GetTimestamp());

        Assert.Equal(0, sink.Sent);
        Assert.Equal(2, sink.Dropped);
    }

    internal static ChronySockSink Sink(string path, TimeProvider time, TimevalLayout layout = TimevalLayout.Time64) =>
        new(Options.Create(new TimeSyncOptions { Enabled = true, SocketPath = path, Timeval = layout }), time, NullLogger<ChronySockSink>.Instance);
}
