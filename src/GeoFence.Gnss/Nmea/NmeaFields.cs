using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GeoFence.Gnss.Nmea;

/// <summary>Comma-separated fields of a sentence body; field 0 is the address.</summary>
internal readonly ref struct NmeaFields
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly ReadOnlySpan<int> _starts;

    /// <summary>Splits <paramref name="body"/> (between lead character and '*') using <paramref name="starts"/> as scratch.</summary>
    public NmeaFields(ReadOnlySpan<byte> body, Span<int> starts)
    {
        _body = body;
        var count = 0;
        starts[count++] = 0;
        var i = 0;
        var xor = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // One pass over the body, 16 bytes at a time, finds the commas and folds the checksum:
            // a sentence is short, so a call per field would cost more than the work.
            var comma = Vector128.Create((byte)',');
            var folded = Vector128<byte>.Zero;
            ref var first = ref MemoryMarshal.GetReference(body);
            for (; i + 16 <= body.Length; i += 16)
            {
                var chunk = Vector128.LoadUnsafe(ref first, (nuint)i);
                folded ^= chunk;
                var mask = Vector128.Equals(chunk, comma).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    starts[count++] = i + BitOperations.TrailingZeroCount(mask) + 1;
                    mask &= mask - 1;
                }
            }

            var halves = folded.AsUInt64();
            var wide = halves.GetElement(0) ^ halves.GetElement(1);
            wide ^= wide >> 32;
            wide ^= wide >> 16;
            wide ^= wide >> 8;
            xor = (int)(wide & 0xFF);
        }

        for (; i < body.Length; i++)
        {
            var c = body[i];
            xor ^= c;
            if (c == (byte)',')
            {
                starts[count++] = i + 1;
            }
        }

        Xor = xor;

        starts[count] = body.Length + 1;
        _starts = starts[..(count + 1)];
        Count = count;
    }

    /// <summary>XOR of all body bytes: the NMEA checksum of the sentence.</summary>
    public int Xor { get; }

    /// <summary>Number of fields, address included.</summary>
    public int Count { get; }

    /// <summary>Field <paramref name="index"/>, empty when absent.</summary>
    public ReadOnlySpan<byte> this[int index] =>
        index < Count ? _body[_starts[index]..(_starts[index + 1] - 1)] : default;

    /// <summary>Raw bytes of fields <paramref name="first"/>..<paramref name="last"/> with their separating commas.</summary>
    public ReadOnlySpan<byte> Range(int first, int last) => _body[_starts[first]..(_starts[last + 1] - 1)];
}
