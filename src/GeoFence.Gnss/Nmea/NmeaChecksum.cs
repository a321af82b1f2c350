using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GeoFence.Gnss.Nmea;

/// <summary>Verifies the mandatory <c>*hh</c> checksum of an NMEA sentence.</summary>
internal static class NmeaChecksum
{
    /// <summary>Outcome of a checksum check.</summary>
    public enum Result
    {
        /// <summary>Checksum present and correct.</summary>
        Valid,

        /// <summary>No '*' in the sentence.</summary>
        Missing,

        /// <summary>'*' not followed by exactly two hex digits at the end.</summary>
        Malformed,

        /// <summary>Checksum does not match.</summary>
        Wrong,
    }

    /// <summary>Checks a sentence (lead character to end, no CR/LF); on success <paramref name="star"/> is the index of '*'.</summary>
    public static Result Verify(ReadOnlySpan<byte> sentence, out int star)
    {
        var format = CheckFormat(sentence, out star, out var expected);
        if (format != Result.Valid)
        {
            return format;
        }

        return Xor(sentence[1..star]) == expected ? Result.Valid : Result.Wrong;
    }

    /// <summary>Finds the '*' and reads the two hex digits after it; the XOR itself is left to the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Result CheckFormat(ReadOnlySpan<byte> sentence, out int star, out int expected)
    {
        expected = -1;
        star = sentence.Length >= 4 && sentence[^3] == (byte)'*' ? sentence.Length - 3 : sentence.LastIndexOf((byte)'*');
        if (star < 0)
        {
            return Result.Missing;
        }

        if (star != sentence.Length - 3 || star < 1)
        {
            return Result.Malformed;
        }

        var high = HexValue(sentence[star + 1]);
        var low = HexValue(sentence[star + 2]);
        if (high < 0 || low < 0)
        {
            return Result.Malformed;
        }

        expected = (high << 4) | low;
        return Result.Valid;
    }

    /// <summary>
    /// The checksum written as the two hex digits <paramref name="high"/> and <paramref name="low"/> (either case),
    /// -1 when one of them is no hex digit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DigitsValue(byte high, byte low)
    {
        ref var table = ref MemoryMarshal.GetReference(HexDigits);
        var h = Unsafe.Add(ref table, high);
        var l = Unsafe.Add(ref table, low);

        // A byte that is no hex digit maps to 0xFF, which no pair of digits (0..15 each) can OR to.
        return (h | l) > 0x0F ? -1 : (h << 4) | l;
    }

    /// <summary>XOR of all bytes.</summary>
    public static int Xor(ReadOnlySpan<byte> bytes)
    {
        if (Vector128.IsHardwareAccelerated && bytes.Length >= 16)
        {
            // 16 bytes at a time; the last partial block is the last 16 bytes with the lanes already folded masked off.
            ref var first = ref MemoryMarshal.GetReference(bytes);
            var folded = Vector128<byte>.Zero;
            var n = 0;
            for (; n + 16 <= bytes.Length; n += 16)
            {
                folded ^= Vector128.LoadUnsafe(ref first, (nuint)n);
            }

            if (n < bytes.Length)
            {
                var done = 16 - (bytes.Length - n);
                var chunk = Vector128.LoadUnsafe(ref first, (nuint)(bytes.Length - 16));
                folded ^= chunk & Vector128.GreaterThanOrEqual(Vector128<byte>.Indices, Vector128.Create((byte)done));
            }

            var halves = folded.AsUInt64();
            var all = halves.GetElement(0) ^ halves.GetElement(1);
            all ^= all >> 32;
            all ^= all >> 16;
            all ^= all >> 8;
            return (int)(all & 0xFF);
        }

        ulong wide = 0;
        var i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            wide ^= BitConverter.ToUInt64(bytes.Slice(i, 8));
        }

        var x = (uint)(wide ^ (wide >> 32));
        x ^= x >> 16;
        x ^= x >> 8;
        var result = (int)(x & 0xFF);
        for (; i < bytes.Length; i++)
        {
            result ^= bytes[i];
        }

        return result;
    }

    /// <summary>Value of a hex digit (either case), -1 for any other byte; a table, as checksum digits are random and branches on them mispredict.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexValue(byte c)
    {
        var value = HexDigits[c];
        return value == 0xFF ? -1 : value;
    }

    /// <summary>Hex digit values by byte, 0xFF for bytes that are no hex digit.</summary>
    private static ReadOnlySpan<byte> HexDigits =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ];
}
