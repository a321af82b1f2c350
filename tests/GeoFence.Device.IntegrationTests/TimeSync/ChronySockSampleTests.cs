using System.Buffers.Binary;
using GeoFence.Device.TimeSync;

namespace GeoFence.Device.IntegrationTests.TimeSync;

/// <summary>The struct sock_sample layouts chronyd reads on 64-bit and on 32-bit-time_t systems.</summary>
public sealed class ChronySockSampleTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 28, 23, 59, 58, 250, TimeSpan.Zero).AddTicks(1234);

    [Fact]
    public void The_64_bit_layout_is_40_bytes_with_the_magic_at_36()
    {
        var buffer = new byte[ChronySockSample.MaximumSize];
        var length = ChronySockSample.Write(buffer, TimevalLayout.Time64, At, -0.125, leap: 1);

        Assert.Equal(40, length);
        Assert.Equal(At.ToUnixTimeSeconds(), BinaryPrimitives.ReadInt64LittleEndian(buffer));
        Assert.Equal(250_123, BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(8)));
        Assert.Equal(-0.125, BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(16)));
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(24)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(28)));
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(32)));
        Assert.Equal(0x534f434b, BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(36)));
        Assert.Equal("KCOS"u8.ToArray(), buffer[36..40]);
    }

    [Fact]
    public void The_32_bit_time_t_layout_is_32_bytes_with_the_magic_at_28()
    {
        var buffer = new byte[ChronySockSample.MaximumSize];
        var length = ChronySockSample.Write(buffer, TimevalLayout.Time32, At, 0.5);

        Assert.Equal(32, length);
        Assert.Equal(At.ToUnixTimeSeconds(), BinaryPrimitives.ReadInt32LittleEndian(buffer));
        Assert.Equal(250_123, BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(4)));
        Assert.Equal(0.5, BinaryPrimitives.ReadDoubleLittleEndian(buffer.AsSpan(8)));
        Assert.Equal(0x534f434b, BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(28)));
    }

    [Fact]
    public void A_32_bit_time_t_cannot_carry_a_time_after_2038()
    {
        var buffer = new byte[ChronySockSample.MaximumSize];
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ChronySockSample.Write(buffer, TimevalLayout.Time32, new DateTimeOffset(2038, 1, 19, 3, 14, 8, TimeSpan.Zero), 0));
        Assert.Equal(40, ChronySockSample.Write(buffer, TimevalLayout.Time64, new DateTimeOffset(2038, 1, 19, 3, 14, 8, TimeSpan.Zero), 0));
    }

    [Fact]
    public void Auto_follows_the_process_bitness()
    {
        Assert.Equal(Environment.Is64BitProcess ? 40 : 32, ChronySockSample.SizeOf(TimevalLayout.Auto));
    }
}
