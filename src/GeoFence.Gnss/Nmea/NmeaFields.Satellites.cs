using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GeoFence.Gnss.Nmea;

/// <summary>GSV satellite groups: one check of all their bytes, then only lengths and ranges per group.</summary>
internal readonly ref partial struct NmeaFields
{
    /// <summary>
    /// Fields <paramref name="first"/>..+4×<paramref name="groups"/>-1 as GSV satellites (id, elevation, azimuth,
    /// SNR): each field empty or digits only, id 1..999 (never only zeros), elevation 0..90, azimuth 0..360, SNR at
    /// most 2 digits; false as well when the fields are not all present.
    /// </summary>
    public bool AreValidSatellites(int first, int groups)
    {
        if (groups <= 0 || (uint)first > (uint)(Count - (4 * groups)))
        {
            return groups == 0;
        }

        // first + 4 * groups <= Count: those starts exist, increasing, each within the body (+1 past its end).
        ref var starts = ref Unsafe.Add(ref MemoryMarshal.GetReference(_starts), first);
        ref var body = ref MemoryMarshal.GetReference(_body);

        // Every byte from the first id to the end of the last SNR is a digit or a comma, and commas lie only between
        // fields: every field is empty or digits.
        if (!AreDigitsOrCommas(ref body, starts, Unsafe.Add(ref starts, 4 * groups) - 1, _body.Length + 3))
        {
            return false;
        }

        for (var group = 0; group < groups; group++)
        {
            var id = starts;
            var elevation = Unsafe.Add(ref starts, 1);
            var azimuth = Unsafe.Add(ref starts, 2);
            var snr = Unsafe.Add(ref starts, 3);
            var idLength = elevation - 1 - id;
            var elevationLength = azimuth - 1 - elevation;
            var azimuthLength = snr - 1 - azimuth;
            var snrLength = Unsafe.Add(ref starts, 4) - 1 - snr;

            // The id, elevation and azimuth fields are followed by at least three more bytes of the body (the fields
            // after them and their commas), so 4 bytes from their starts are readable.
            var idLanes = (Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref body, id)) ^ 0x3030_3030u) << ((4 - idLength) * 8);
            var onlyZeros = idLength != 0 && idLanes == 0;
            var elevationAbove90 = elevationLength == 2
                && BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref body, elevation))) > (('9' << 8) | '0');
            var azimuthAbove360 = azimuthLength == 3
                && (BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref body, azimuth))) >> 8) > (('3' << 16) | ('6' << 8) | '0');
            if ((uint)idLength > 3 || (uint)elevationLength > 2 || (uint)azimuthLength > 3 || (uint)snrLength > 2
                || onlyZeros || elevationAbove90 || azimuthAbove360)
            {
                return false;
            }

            starts = ref Unsafe.Add(ref starts, 4);
        }

        return true;
    }

    /// <summary>
    /// True when bytes [<paramref name="from"/>, <paramref name="end"/>) of the body are all digits or commas; bytes
    /// from -1 (the lead character) to <paramref name="readableEnd"/> may be read.
    /// </summary>
    private static bool AreDigitsOrCommas(ref byte body, int from, int end, int readableEnd)
    {
        var i = from;
        if (Vector256.IsHardwareAccelerated)
        {
            // As the 16-byte path below, 32 bytes at a time (a GSV sentence's satellites span 10 to 60 bytes).
            for (; i + 32 <= end; i += 32)
            {
                if (NotDigitOrComma(Vector256.LoadUnsafe(ref body, (nuint)i)) != 0)
                {
                    return false;
                }
            }

            var rest = end - i;
            if (rest > 0 && i + 32 <= readableEnd)
            {
                return (NotDigitOrComma(Vector256.LoadUnsafe(ref body, (nuint)i)) & ((1u << rest) - 1)) == 0;
            }

            if (rest > 0 && end - 32 >= -1)
            {
                return (NotDigitOrComma(Vector256.LoadUnsafe(ref Unsafe.Add(ref body, end - 32))) >> (32 - rest)) == 0;
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 16 <= end; i += 16)
            {
                if (NotDigitOrComma(Vector128.LoadUnsafe(ref body, (nuint)i)) != 0)
                {
                    return false;
                }
            }

            var rest = end - i;
            if (rest > 0 && i + 16 <= readableEnd)
            {
                // The rest and bytes after it: only the lanes of the rest count.
                return (NotDigitOrComma(Vector128.LoadUnsafe(ref body, (nuint)i)) & ((1u << rest) - 1)) == 0;
            }

            if (rest > 0 && end - 16 >= -1)
            {
                // The 16 bytes that end with the rest: only its lanes, the last ones, count.
                var chunk = Vector128.LoadUnsafe(ref Unsafe.Add(ref body, end - 16));
                return (NotDigitOrComma(chunk) >> (16 - rest)) == 0;
            }
        }

        for (; i < end; i++)
        {
            var c = Unsafe.Add(ref body, i);
            if ((uint)(c - '0') > 9 && c != (byte)',')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One bit per lane of <paramref name="chunk"/> that is neither a digit nor a comma.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NotDigitOrComma(Vector256<byte> chunk)
    {
        var notDigit = Vector256.GreaterThan(chunk - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
        return Vector256.AndNot(notDigit, Vector256.Equals(chunk, Vector256.Create((byte)','))).ExtractMostSignificantBits();
    }

    /// <summary>One bit per lane of <paramref name="chunk"/> that is neither a digit nor a comma.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NotDigitOrComma(Vector128<byte> chunk)
    {
        var notDigit = Vector128.GreaterThan(chunk - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
        return Vector128.AndNot(notDigit, Vector128.Equals(chunk, Vector128.Create((byte)','))).ExtractMostSignificantBits();
    }
}
