using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GeoFence.Gnss.Nmea;

/// <summary>Decimal fields read in place, up to eight bytes as one word (<see cref="SwarDigits"/>).</summary>
internal readonly ref partial struct NmeaFields
{
    /// <summary>
    /// Field <paramref name="index"/> as an optional signed decimal, exactly as
    /// <see cref="NmeaNumber.TryParseOptional"/> reads it (NaN when empty or absent).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryOptionalDecimal(int index, out double value)
    {
        value = double.NaN;
        if (!TryLocate(index, out var from, out var length))
        {
            return true;
        }

        ref var first = ref Unsafe.Add(ref MemoryMarshal.GetReference(_body), from);
        if (CanReadWord(from, length) && first != (byte)'-' && first != (byte)'+')
        {
            return TryShortDecimal(Unsafe.ReadUnaligned<ulong>(ref first), length, out value);
        }

        return NmeaNumber.TryParseOptional(MemoryMarshal.CreateReadOnlySpan(ref first, length), out value);
    }

    /// <summary>
    /// Field <paramref name="index"/> as an optional unsigned decimal in [0, <paramref name="max"/>], exactly as
    /// <see cref="NmeaNumber.TryParseOptionalInRange"/> reads it (NaN when empty or absent).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryOptionalDecimalInRange(int index, double max, out double value)
    {
        value = double.NaN;
        if (!TryLocate(index, out var from, out var length))
        {
            return true;
        }

        ref var first = ref Unsafe.Add(ref MemoryMarshal.GetReference(_body), from);
        if (CanReadWord(from, length))
        {
            // A sign is never valid here; TryShortDecimal rejects it as a non-digit other than '.'.
            return TryShortDecimal(Unsafe.ReadUnaligned<ulong>(ref first), length, out value) && value <= max;
        }

        return NmeaNumber.TryParseOptionalInRange(MemoryMarshal.CreateReadOnlySpan(ref first, length), max, out value);
    }

    /// <summary>Start and length of a present, non-empty field <paramref name="index"/>; false when absent or empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryLocate(int index, out int from, out int length)
    {
        if ((uint)index >= (uint)Count)
        {
            from = length = 0;
            return false;
        }

        // As in the indexer: the starts are increasing, each within the body (+1 past its end).
        ref var starts = ref MemoryMarshal.GetReference(_starts);
        from = Unsafe.Add(ref starts, index);
        length = Unsafe.Add(ref starts, index + 1) - 1 - from;
        return length != 0;
    }

    /// <summary>
    /// True when a field of 1..8 bytes at <paramref name="from"/> can be read as one 8-byte word: the word lies within
    /// the body and the three checksum bytes after it (see <see cref="FromScan"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CanReadWord(int from, int length) => length <= 8 && from + 8 <= _body.Length + 3;

    /// <summary>
    /// <c>digits[.digits]</c> of 1..8 bytes in lanes 0..<paramref name="length"/>-1 of <paramref name="word"/> (the
    /// other lanes ignored): at least one digit, at most one '.', nothing else. The value is the digits as one integer
    /// divided by 10^(digits after the '.'), as <see cref="NmeaNumber.TryParseDecimal"/> computes it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryShortDecimal(ulong word, int length, out double value)
    {
        // Digits become lane values 0..9 ('.' becomes 0x1E); flags mark the lanes of the field that are not digits
        // (exact: a lane can carry into the next one only when it is above 0x89, which is flagged itself).
        var values = word ^ 0x3030_3030_3030_3030ul;
        var bits = length * 8;
        var flags = ((values + 0x7676_7676_7676_7676ul) | values) & SwarDigits.Low(0x8080_8080_8080_8080ul, bits);
        if (flags == 0)
        {
            // Integer only: up to 8 digits.
            value = SwarDigits.Combine8(values << (64 - bits));
            return true;
        }

        // Exactly one byte that is not a digit, a '.', and at least one digit.
        var dotBits = BitOperations.TrailingZeroCount(flags) - 7;
        var digitBits = bits - 8;
        if ((flags & (flags - 1)) != 0 || (byte)(values >> dotBits) != ('.' ^ '0') || digitBits == 0)
        {
            value = double.NaN;
            return false;
        }

        // The lanes above the '.' move down one lane over it; the digits after it are the decimal scale.
        var above = values >> 8;
        var joined = SwarDigits.Low(values ^ above, dotBits) ^ above;
        var scale = (digitBits - dotBits) >> 3;
        value = SwarDigits.Combine8(joined << (64 - digitBits)) / Unsafe.Add(ref MemoryMarshal.GetReference(NmeaNumber.PowersOf10), scale);
        return true;
    }
}
