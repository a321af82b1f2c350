using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GeoFence.Gnss.Nmea;

/// <summary>Comma-separated fields of a sentence body; field 0 is the address.</summary>
internal readonly ref struct NmeaFields
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly ReadOnlySpan<int> _starts;

    /// <summary>Splits <paramref name="body"/> (between lead character and '*') using <paramref name="starts"/> as scratch.</summary>
    /// <remarks><paramref name="starts"/> must hold at least <c>body.Length + 2</c> entries (one per possible comma and two).</remarks>
    public NmeaFields(ReadOnlySpan<byte> body, Span<int> starts)
    {
        if (starts.Length < body.Length + 2)
        {
            throw new ArgumentException("scratch too small for the body", nameof(starts));
        }

        _body = body;

        // starts holds body.Length + 2 entries and a body has at most body.Length commas, so the unchecked writes
        // below stay inside it.
        ref var start = ref MemoryMarshal.GetReference(starts);
        start = 0;
        var count = 1;
        var i = 0;
        var xor = 0;
        if (Vector128.IsHardwareAccelerated && body.Length >= 16)
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
                    Unsafe.Add(ref start, count++) = i + BitOperations.TrailingZeroCount(mask) + 1;
                    mask &= mask - 1;
                }
            }

            var rest = body.Length - i;
            if (rest > 0)
            {
                // The last 16 bytes of the body, of which the first 16 - rest were done above.
                var done = 16 - rest;
                var last = body.Length - 16;
                var chunk = Vector128.LoadUnsafe(ref first, (nuint)last);
                var fresh = Vector128.GreaterThanOrEqual(Vector128<byte>.Indices, Vector128.Create((byte)done));
                folded ^= chunk & fresh;
                var mask = Vector128.Equals(chunk, comma).ExtractMostSignificantBits() >> done;
                while (mask != 0)
                {
                    Unsafe.Add(ref start, count++) = i + BitOperations.TrailingZeroCount(mask) + 1;
                    mask &= mask - 1;
                }

                i = body.Length;
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
                Unsafe.Add(ref start, count++) = i + 1;
            }
        }

        Xor = xor;

        Unsafe.Add(ref start, count) = body.Length + 1;
        _starts = starts[..(count + 1)];
        Count = count;
    }

    private NmeaFields(ReadOnlySpan<byte> body, ReadOnlySpan<int> starts)
    {
        _body = body;
        _starts = starts;
        Count = starts.Length - 1;
        Xor = -1;
    }

    /// <summary>
    /// Fields of <paramref name="body"/> as the lexer's scan found them (<see cref="Lexing.SentenceScanner.FieldStarts"/>):
    /// one start per field and the end of the body (its length + 1) last. XOR is not computed (-1).
    /// </summary>
    public static NmeaFields FromScan(ReadOnlySpan<byte> body, ReadOnlySpan<int> starts) => new(body, starts);

    /// <summary>XOR of all body bytes: the NMEA checksum of the sentence (-1 when made <see cref="FromScan"/>).</summary>
    public int Xor { get; }

    /// <summary>Number of fields, address included.</summary>
    public int Count { get; }

    /// <summary>Field <paramref name="index"/>, empty when absent.</summary>
    public ReadOnlySpan<byte> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Count)
            {
                return default;
            }

            // The starts were written by the constructor: increasing, each within the body (+1 past its end).
            ref var starts = ref MemoryMarshal.GetReference(_starts);
            var from = Unsafe.Add(ref starts, index);
            var length = Unsafe.Add(ref starts, index + 1) - 1 - from;
            return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(_body), from), length);
        }
    }

    /// <summary>
    /// Field <paramref name="index"/> as an optional unsigned integer of at most <paramref name="maxDigits"/> digits:
    /// <paramref name="value"/> is -1 when the field is empty or absent; false when it holds anything but digits or is
    /// longer. Reads the field in place (no span per field): the most frequent fields (GSV/GSA satellites) are short.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryOptionalDigits(int index, int maxDigits, out int value)
    {
        value = -1;
        if ((uint)index >= (uint)Count)
        {
            return true;
        }

        // As in the indexer: the starts are increasing, each within the body (+1 past its end).
        ref var starts = ref MemoryMarshal.GetReference(_starts);
        var from = Unsafe.Add(ref starts, index);
        var length = Unsafe.Add(ref starts, index + 1) - 1 - from;
        if (length == 0)
        {
            return true;
        }

        if ((uint)length > (uint)maxDigits)
        {
            return false;
        }

        // Short fields: a loop over their digits (an unrolled switch by length measured slower).
        ref var digit = ref Unsafe.Add(ref MemoryMarshal.GetReference(_body), from);
        var number = 0;
        for (var i = 0; i < length; i++)
        {
            var d = (uint)(Unsafe.Add(ref digit, i) - '0');
            if (d > 9)
            {
                return false;
            }

            number = (number * 10) + (int)d;
        }

        value = number;
        return true;
    }

    /// <summary>
    /// Fields <paramref name="first"/>..+3 as one GSV satellite: id 1..999, elevation 0..90, azimuth 0..360, SNR 0..99,
    /// each empty or digits only. One read of the five bounding starts and no span per field (GSV is the most
    /// frequent sentence); false as well when the four fields are not all present.
    /// </summary>
    public bool IsValidSatellite(int first)
    {
        if ((uint)first > (uint)(Count - 4))
        {
            return false;
        }

        // first + 4 <= Count: starts[first..first + 4] exist, increasing, each within the body (+1 past its end).
        ref var starts = ref Unsafe.Add(ref MemoryMarshal.GetReference(_starts), first);
        ref var body = ref MemoryMarshal.GetReference(_body);
        var idStart = starts;
        var elevationStart = Unsafe.Add(ref starts, 1);
        var azimuthStart = Unsafe.Add(ref starts, 2);
        var snrStart = Unsafe.Add(ref starts, 3);
        var end = Unsafe.Add(ref starts, 4);

        // An id of only zeros ("0", "00", "000") reads as 0; an empty field as -1.
        return TryDigits(ref body, idStart, elevationStart - 1, 3, out var id) && id != 0
            && TryDigits(ref body, elevationStart, azimuthStart - 1, 2, out var elevation) && elevation <= 90
            && TryDigits(ref body, azimuthStart, snrStart - 1, 3, out var azimuth) && azimuth <= 360
            && TryDigits(ref body, snrStart, end - 1, 2, out _);
    }

    /// <summary>
    /// Fields <paramref name="first"/>..+<paramref name="count"/>-1 as satellite ids (GSA): each empty or 1..3 digits,
    /// never only zeros; false as well when they are not all present. One read of each start, no span per field.
    /// </summary>
    public bool AreValidSatelliteIds(int first, int count)
    {
        if ((uint)first > (uint)(Count - count) || count < 0)
        {
            return false;
        }

        // first + count <= Count: starts[first..first + count] exist, increasing, each within the body (+1 past its end).
        ref var starts = ref Unsafe.Add(ref MemoryMarshal.GetReference(_starts), first);
        ref var body = ref MemoryMarshal.GetReference(_body);
        var from = starts;
        for (var i = 1; i <= count; i++)
        {
            var next = Unsafe.Add(ref starts, i);
            if (!TryDigits(ref body, from, next - 1, 3, out var id) || id == 0)
            {
                return false;
            }

            from = next;
        }

        return true;
    }

    /// <summary>Bytes [from, end) of the body as an optional number of at most maxDigits digits (-1 when empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDigits(ref byte body, int from, int end, int maxDigits, out int value)
    {
        value = -1;
        var length = end - from;
        if (length == 0)
        {
            return true;
        }

        if ((uint)length > (uint)maxDigits)
        {
            return false;
        }

        var number = 0;
        for (var i = from; i < end; i++)
        {
            var d = (uint)(Unsafe.Add(ref body, i) - '0');
            if (d > 9)
            {
                return false;
            }

            number = (number * 10) + (int)d;
        }

        value = number;
        return true;
    }
}
