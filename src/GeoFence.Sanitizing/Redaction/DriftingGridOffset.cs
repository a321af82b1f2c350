using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GeoFence.Sanitizing.Redaction;

/// <summary>
/// The secret per-unit grid offset, in cell fractions within [-0.5, 0.5), that drifts slowly: keyed anchors one drift
/// period apart, joined linearly. Deterministic for a unit and an instant (repeated fixes at one place give one answer;
/// nothing fresh per fix to average away); each component moves at most one cell per period.
/// </summary>
internal sealed class DriftingGridOffset
{
    private readonly byte[] key;
    private readonly long periodTicks;
    private long cachedIndex = long.MinValue;
    private (double North, double East) cachedFrom;
    private (double North, double East) cachedTo;

    public DriftingGridOffset(ReadOnlySpan<byte> key, TimeSpan period)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("grid offset key must be at least 16 bytes", nameof(key));
        }

        this.key = key.ToArray();
        periodTicks = period.Ticks;
    }

    /// <summary>The offset (north, east) in [-0.5, 0.5) cell fractions at a UTC instant.</summary>
    public (double North, double East) At(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        var index = Math.DivRem(ticks, periodTicks, out var into);
        if (index != cachedIndex)
        {
            cachedFrom = Anchor(index);
            cachedTo = Anchor(index + 1);
            cachedIndex = index;
        }

        var progress = (double)into / periodTicks;
        return (Move(cachedFrom.North, cachedTo.North, progress), Move(cachedFrom.East, cachedTo.East, progress));
    }

    /// <summary>Largest change of either component per period, in cell fractions.</summary>
    public const double MaxComponentDriftPerPeriod = 1.0;

    private static double Move(double from, double to, double progress) => from + ((to - from) * progress);

    private (double North, double East) Anchor(long index)
    {
        Span<byte> message = stackalloc byte[8 + 16];
        "grid-offset/v1/\0"u8.CopyTo(message);
        BinaryPrimitives.WriteInt64BigEndian(message[16..], index);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, message, mac);
        return (Unit(mac[..8]), Unit(mac[8..16]));
    }

    private static double Unit(ReadOnlySpan<byte> bytes) => ((BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 11) * (1.0 / (1UL << 53))) - 0.5;
}
