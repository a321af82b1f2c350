using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace GeoFence.Gnss.Nmea;

/// <summary>
/// Digit fields read as one integer word (SIMD within a register): every byte of the field is checked and converted at
/// once, with no branch per digit. Byte k of a field sits in lane k of the word (little-endian load), so lane 0 holds
/// the most significant digit.
/// </summary>
internal static class SwarDigits
{
    /// <summary>
    /// Validates and converts 1..4 digits held in lanes 0..<paramref name="length"/>-1 of <paramref name="word"/>;
    /// the other lanes are ignored. False when a lane of the field is not an ASCII digit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse4(uint word, int length, out int value)
    {
        value = Parse4(word, length, -1);
        return value >= 0;
    }

    /// <summary>
    /// The 1..4 digits held in lanes 0..<paramref name="length"/>-1 of <paramref name="word"/> (the other lanes
    /// ignored), or <paramref name="invalid"/> (negative) when a lane of the field is not an ASCII digit. No branch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Parse4(uint word, int length, int invalid)
    {
        // XOR with '0' turns digits into 0..9; the shift moves the field to the top lanes (the bytes after it fall out)
        // and lets zeros, that is leading zero digits, in below it.
        var digits = (word ^ 0x3030_3030u) << ((4 - length) * 8);

        // A lane above 9 either has its top bit set or gets it from + 0x76; a carry out of such a lane can only corrupt
        // lanes above it, which then are invalid anyway.
        var nonDigits = ((digits + 0x7676_7676u) | digits) & 0x8080_8080u;

        // Pairs of lanes to 16-bit values (10 * high + low), then the two pairs to one value (100 * high + low).
        var pairs = ((digits * ((10u << 8) + 1)) >> 8) & 0x00FF_00FFu;
        var value = (int)((pairs * ((100u << 16) + 1)) >> 16);
        return nonDigits == 0 ? value : invalid;
    }

    /// <summary>
    /// Validates and converts 1..8 digits held in lanes 0..<paramref name="length"/>-1 of <paramref name="word"/>;
    /// the other lanes are ignored. False when a lane of the field is not an ASCII digit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse8(ulong word, int length, out uint value)
    {
        // As TryParse4, eight lanes wide.
        var digits = (word ^ 0x3030_3030_3030_3030ul) << ((8 - length) * 8);
        if ((((digits + 0x7676_7676_7676_7676ul) | digits) & 0x8080_8080_8080_8080ul) != 0)
        {
            value = 0;
            return false;
        }

        value = Combine8(digits);
        return true;
    }

    /// <summary>The value of eight digit lanes (each 0..9, lane 0 most significant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Combine8(ulong digits)
    {
        var pairs = ((digits * ((10ul << 8) + 1)) >> 8) & 0x00FF_00FF_00FF_00FFul;
        var quads = ((pairs * ((100ul << 16) + 1)) >> 16) & 0x0000_FFFF_0000_FFFFul;
        return (uint)((quads * ((10000ul << 32) + 1)) >> 32);
    }

    /// <summary>
    /// Mask of the lanes of <paramref name="word"/> that are not ASCII digits: the top bit of each such lane, for the
    /// lanes below the first one that is not a digit exact (a lane after it may be marked wrongly).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong NonDigitLanes(ulong word)
    {
        var values = word ^ 0x3030_3030_3030_3030ul;
        return ((values + 0x7676_7676_7676_7676ul) | values) & 0x8080_8080_8080_8080ul;
    }

    /// <summary>The lowest <paramref name="bits"/> bits of <paramref name="word"/> (0..64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Low(ulong word, int bits)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ZeroHighBits(word, (ulong)bits);
        }

        return bits >= 64 ? word : word & ((1ul << bits) - 1);
    }
}
