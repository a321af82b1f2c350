using System.Buffers.Binary;

namespace GeoFence.Device.TimeSync;

/// <summary>
/// Encodes chrony's SOCK refclock sample (refclock_sock.c, struct sock_sample): <c>struct timeval tv</c> (the system
/// time of the measurement), <c>double offset</c> (true time minus system time, seconds), <c>int pulse</c>,
/// <c>int leap</c>, <c>int _pad</c>, <c>int magic</c> = 0x534f434b. Native little-endian, as on every target here.
/// Time64: tv_sec @0 (8), tv_usec @8 (8), offset @16, pulse @24, leap @28, pad @32, magic @36 = 40 bytes.
/// Time32: tv_sec @0 (4), tv_usec @4 (4), offset @8, pulse @16, leap @20, pad @24, magic @28 = 32 bytes
/// (ARM EABI aligns the double to 8, which it already is).
/// </summary>
public static class ChronySockSample
{
    /// <summary>The protocol identifier, "SOCK".</summary>
    public const int Magic = 0x534f434b;

    /// <summary>The largest sample size.</summary>
    public const int MaximumSize = 40;

    /// <summary>The sample size for <paramref name="layout"/>.</summary>
    public static int SizeOf(TimevalLayout layout) => Resolve(layout) == TimevalLayout.Time64 ? 40 : 32;

    /// <summary>Resolves <see cref="TimevalLayout.Auto"/> from this process's bitness.</summary>
    public static TimevalLayout Resolve(TimevalLayout layout) =>
        layout != TimevalLayout.Auto ? layout : Environment.Is64BitProcess ? TimevalLayout.Time64 : TimevalLayout.Time32;

    /// <summary>
    /// Writes a (non-pulse) sample taken at <paramref name="systemTime"/> with <paramref name="offsetSeconds"/>;
    /// returns the byte count. <paramref name="leap"/>: 0 normal, 1 insert, 2 delete a leap second.
    /// </summary>
    public static int Write(Span<byte> destination, TimevalLayout layout, DateTimeOffset systemTime, double offsetSeconds, int leap = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leap);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leap, 2);
        layout = Resolve(layout);
        var size = SizeOf(layout);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, size, nameof(destination));
        var ticks = (systemTime.UtcDateTime - DateTime.UnixEpoch).Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds -= 1;
            remainder += TimeSpan.TicksPerSecond;
        }

        var microseconds = remainder / TimeSpan.TicksPerMicrosecond;
        var sample = destination[..size];
        sample.Clear();
        int rest;
        if (layout == TimevalLayout.Time64)
        {
            BinaryPrimitives.WriteInt64LittleEndian(sample, seconds);
            BinaryPrimitives.WriteInt64LittleEndian(sample[8..], microseconds);
            rest = 16;
        }
        else
        {
            if (seconds is > int.MaxValue or < int.MinValue)
            {
                throw new ArgumentOutOfRangeException(nameof(systemTime), "Beyond 2038: a 32-bit time_t cannot carry it.");
            }

            BinaryPrimitives.WriteInt32LittleEndian(sample, (int)seconds);
            BinaryPrimitives.WriteInt32LittleEndian(sample[4..], (int)microseconds);
            rest = 8;
        }

        BinaryPrimitives.WriteDoubleLittleEndian(sample[rest..], offsetSeconds);
        BinaryPrimitives.WriteInt32LittleEndian(sample[(rest + 8)..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(sample[(rest + 12)..], leap);
        BinaryPrimitives.WriteInt32LittleEndian(sample[(rest + 20)..], Magic);
        return size;
    }
}
