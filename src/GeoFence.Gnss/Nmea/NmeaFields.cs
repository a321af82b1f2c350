using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GeoFence.Gnss.Nmea;

/// <summary>Comma-separated fields of a sentence body; field 0 is the address.</summary>
internal readonly ref partial struct NmeaFields
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly ReadOnlySpan<int> _starts;

    private NmeaFields(ReadOnlySpan<byte> body, ReadOnlySpan<int> starts)
    {
        _body = body;
        _starts = starts;
        Count = starts.Length - 1;
    }

    /// <summary>
    /// Fields of a checked <paramref name="sentence"/> (lead character to the end of its <c>*hh</c> checksum) as the
    /// lexer's scan found them (<see cref="Lexing.SentenceScanner.FieldStarts"/>): one start per field (body
    /// coordinates) and the end of the body (its length + 1) last.
    /// </summary>
    /// <remarks>
    /// The body is <c>sentence[1..^3]</c>, so the three checksum bytes follow it: a field of at least one byte has at
    /// least four readable bytes from its start, which the word-wide digit reads rely on.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NmeaFields FromScan(ReadOnlySpan<byte> sentence, ReadOnlySpan<int> starts)
    {
        if (sentence.Length < 4)
        {
            ThrowTooShort();
        }

        return new(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(sentence), 1), sentence.Length - 4), starts);
    }

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
    /// Field <paramref name="index"/> as an optional unsigned integer of at most <paramref name="maxDigits"/> (1..4) digits:
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

        ref var first = ref Unsafe.Add(ref MemoryMarshal.GetReference(_body), from);
        if (maxDigits == 1)
        {
            // One digit (a constant after inlining): the byte itself.
            var digit = (uint)(first - '0');
            value = digit <= 9 ? (int)digit : -1;
            return digit <= 9;
        }

        // Bytes [from, from + 4) are readable: a field of at least one byte is followed by the checksum at the latest.
        value = SwarDigits.Parse4(Unsafe.ReadUnaligned<uint>(ref first), length, -1);
        return value >= 0;
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
            if (!IsOptionalSatelliteId(ref body, from, next - 1))
            {
                return false;
            }

            from = next;
        }

        return true;
    }

    /// <summary>True when bytes [from, end) of the body are empty or a satellite id: 1..3 digits, not only zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsOptionalSatelliteId(ref byte body, int from, int end)
    {
        var length = end - from;
        if (length == 0)
        {
            return true;
        }

        // As in TryOptionalDigits: bytes [from, from + 4) are readable. Only zeros leave no bit set in the field's lanes.
        var digits = (Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref body, from)) ^ 0x3030_3030u) << ((4 - length) * 8);
        return (uint)length <= 3 && (((digits + 0x7676_7676u) | digits) & 0x8080_8080u) == 0 && digits != 0;
    }

    [DoesNotReturn]
    private static void ThrowTooShort() =>
        throw new ArgumentException("a sentence has a lead character and a checksum", "sentence");
}
