using GeoFence.Device.Intake;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Sources;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Intake;

/// <summary>Auto-baud's judge: real frames at the right speed pass, line noise at a wrong speed does not.</summary>
public sealed class GnssLinkProbeTests
{
    [Fact]
    public async Task A_real_capture_looks_right()
    {
        var probe = new GnssLinkProbe(TimeProvider.System, TimeSpan.FromSeconds(10));
        await using var channel = new MemoryChannel(Corpus.Read("garmin15x.log"));

        Assert.True(await probe.LooksRightAsync(channel, CancellationToken.None));
    }

    [Fact]
    public async Task Noise_as_seen_at_a_wrong_speed_does_not_and_neither_does_silence()
    {
        var noise = new byte[16 * 1024];
        new Random(3).NextBytes(noise);
        var probe = new GnssLinkProbe(TimeProvider.System, TimeSpan.FromSeconds(10));
        await using var channel = new MemoryChannel(noise);
        Assert.False(await probe.LooksRightAsync(channel, CancellationToken.None));

        var time = new FakeTimeProvider();
        var silentProbe = new GnssLinkProbe(time, TimeSpan.FromSeconds(2));
        await using var silent = new BlockingChannel();
        var verdict = silentProbe.LooksRightAsync(silent, CancellationToken.None).AsTask();
        await silent.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(await verdict.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void Hunt_order_tries_every_speed_at_8N1_before_7N2()
    {
        var order = SerialFraming.HuntOrder().ToList();

        Assert.Equal(18, order.Count);
        Assert.All(order.Take(9), f => Assert.Equal(8, f.DataBits));
        Assert.All(order.Skip(9), f => Assert.Equal(7, f.DataBits));
        Assert.Contains(order, f => f.Baud == 4800);
        Assert.Contains(order, f => f.Baud == 921600);
        Assert.Equal("115200 8N1", SerialFraming.EightN1(115200).ToString());
    }

    private sealed class MemoryChannel(byte[] bytes) : IByteChannel
    {
        private readonly MemoryStream _stream = new(bytes);

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => _stream.ReadAsync(buffer, cancellationToken);

        public ValueTask DisposeAsync() => _stream.DisposeAsync();
    }

    private sealed class BlockingChannel : IByteChannel
    {
        public TaskCompletionSource ReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            ReadStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
