using System.Runtime.CompilerServices;

namespace GeoFence.Gnss.Nmea;

/// <summary>Strict parsers for NMEA field syntax, straight from bytes (no strings, no double.Parse).</summary>
internal static class NmeaNumber
{
    /// <summary>Ticks (100 ns) per second.</summary>
    public const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>10^0..10^18 (constant data in the image: no static field to reach).</summary>
    internal static ReadOnlySpan<double> PowersOf10 =>
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];

    /// <summary>Ticks of the n-th fraction digit of a second (0 beyond the tick resolution), for up to 9 digits.</summary>
    private static ReadOnlySpan<int> TicksOfFractionDigit => [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1, 0, 0];

    /// <summary>Parses <c>[+-]digits[.digits]</c> as an integer mantissa and a decimal scale (at most 18 digits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDecimal(ReadOnlySpan<byte> s, out long mantissa, out int scale)
    {
        // Locals, not the out parameters, so the loops keep them in registers. The digit count is checked once at
        // the end, from positions (more than 18 digits may wrap the mantissa, but then it is rejected).
        long m = 0;
        mantissa = 0;
        scale = 0;
        var i = 0;
        var negative = false;
        if (s.Length > 0 && (s[0] == (byte)'-' || s[0] == (byte)'+'))
        {
            negative = s[0] == (byte)'-';
            i = 1;
        }

        var integerStart = i;
        for (; i < s.Length; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9)
            {
                break;
            }

            m = (m * 10) + d;
        }

        var digits = i - integerStart;
        var fraction = 0;
        if (i < s.Length)
        {
            if (s[i] != (byte)'.')
            {
                return false;
            }

            fraction = s.Length - i - 1;
            for (i++; i < s.Length; i++)
            {
                var d = (uint)(s[i] - '0');
                if (d > 9)
                {
                    return false;
                }

                m = (m * 10) + d;
            }
        }

        digits += fraction;
        if (digits is 0 or > 18)
        {
            return false;
        }

        mantissa = negative ? -m : m;
        scale = fraction;
        return true;
    }

    /// <summary>Parses a signed decimal; an empty field gives NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseOptional(ReadOnlySpan<byte> s, out double value)
    {
        if (s.IsEmpty)
        {
            value = double.NaN;
            return true;
        }

        if (!TryParseDecimal(s, out var mantissa, out var scale))
        {
            value = double.NaN;
            return false;
        }

        value = mantissa / PowersOf10[scale];
        return true;
    }

    /// <summary>Parses an unsigned decimal in [0, max]; an empty field gives NaN.</summary>
    public static bool TryParseOptionalInRange(ReadOnlySpan<byte> s, double max, out double value)
    {
        if (!TryParseOptional(s, out value))
        {
            return false;
        }

        return s.IsEmpty || (s[0] != (byte)'-' && s[0] != (byte)'+' && value <= max);
    }

    /// <summary>Parses 1..<paramref name="maxDigits"/> decimal digits (no sign).</summary>
    public static bool TryParseDigits(ReadOnlySpan<byte> s, int maxDigits, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > maxDigits)
        {
            return false;
        }

        foreach (var c in s)
        {
            var d = (uint)(c - '0');
            if (d > 9)
            {
                return false;
            }

            value = (value * 10) + (int)d;
        }

        return true;
    }

    /// <summary>Parses optional digits in [min, max]; an empty field gives -1.</summary>
    public static bool TryParseOptionalInt(ReadOnlySpan<byte> s, int maxDigits, int min, int max, out int value)
    {
        if (s.IsEmpty)
        {
            value = -1;
            return true;
        }

        return TryParseDigits(s, maxDigits, out value) && value >= min && value <= max;
    }

    /// <summary>Parses <c>hhmmss[.fff]</c> into ticks since midnight; an empty field gives -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseTime(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = -1;
        if (s.IsEmpty)
        {
            return true;
        }

        if (s.Length < 6 || (s.Length > 6 && s[6] != (byte)'.') || s.Length > 16)
        {
            return false;
        }

        // hhmmss: six digits, read directly (a slice and a call per pair cost more than the arithmetic).
        var h1 = (uint)(s[0] - '0');
        var h0 = (uint)(s[1] - '0');
        var m1 = (uint)(s[2] - '0');
        var m0 = (uint)(s[3] - '0');
        var s1 = (uint)(s[4] - '0');
        var s0 = (uint)(s[5] - '0');
        if (h1 > 9 || h0 > 9 || m1 > 9 || m0 > 9 || s1 > 9 || s0 > 9)
        {
            return false;
        }

        var hour = (int)((h1 * 10) + h0);
        var minute = (int)((m1 * 10) + m0);
        var second = (int)((s1 * 10) + s0);

        // 60 is a leap second, only possible at 23:59.
        if (hour > 23 || minute > 59 || second > 60 || (second == 60 && (hour != 23 || minute != 59)))
        {
            return false;
        }

        // Fraction digits: at most 9 (length checked above), each worth a table entry (no division per digit).
        long fraction = 0;
        if (s.Length > 7)
        {
            var digits = s[7..];
            var weights = TicksOfFractionDigit[..digits.Length];
            for (var i = 0; i < digits.Length; i++)
            {
                var d = (uint)(digits[i] - '0');
                if (d > 9)
                {
                    return false;
                }

                fraction += d * weights[i];
            }
        }

        ticks = (((hour * 60L) + minute) * 60L + second) * TicksPerSecond + fraction;
        return true;
    }

    /// <summary>Parses <c>ddmmyy</c>; an empty field gives day -1.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> s, out int day, out int month, out int twoDigitYear)
    {
        day = month = twoDigitYear = -1;
        if (s.IsEmpty)
        {
            return true;
        }

        if (s.Length != 6)
        {
            return false;
        }

        // ddmmyy: six digits, read directly (as hhmmss in TryParseTime).
        var d1 = (uint)(s[0] - '0');
        var d0 = (uint)(s[1] - '0');
        var m1 = (uint)(s[2] - '0');
        var m0 = (uint)(s[3] - '0');
        var y1 = (uint)(s[4] - '0');
        var y0 = (uint)(s[5] - '0');
        if (d1 > 9 || d0 > 9 || m1 > 9 || m0 > 9 || y1 > 9 || y0 > 9)
        {
            return false;
        }

        day = (int)((d1 * 10) + d0);
        month = (int)((m1 * 10) + m0);
        twoDigitYear = (int)((y1 * 10) + y0);
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2000 + twoDigitYear, month);
    }

    /// <summary>
    /// Parses an NMEA <c>(d)ddmm.mmmm</c> coordinate with its hemisphere letter into signed degrees (NaN when both are empty).
    /// Degrees and minutes are combined from integer mantissas, so the value is exact to double rounding.
    /// </summary>
    /// <summary>N/S for a latitude, E/W for a longitude; <paramref name="negative"/> for S and W.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryHemisphere(byte letter, bool latitude, out bool negative)
    {
        switch ((char)letter)
        {
            case 'N' when latitude:
            case 'E' when !latitude:
                negative = false;
                return true;
            case 'S' when latitude:
            case 'W' when !latitude:
                negative = true;
                return true;
            default:
                negative = false;
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseCoordinate(ReadOnlySpan<byte> value, ReadOnlySpan<byte> hemisphere, bool latitude, out double degrees)
    {
        degrees = double.NaN;
        if (value.IsEmpty && hemisphere.IsEmpty)
        {
            return true;
        }

        if (value.IsEmpty || hemisphere.Length != 1)
        {
            return false;
        }

        if (!TryHemisphere(hemisphere[0], latitude, out var negative))
        {
            return false;
        }

        // One walk: integer digits (dddmm), then after one '.' up to 12 fraction digits of the minutes.
        var i = 0;
        var integer = 0;
        for (; i < value.Length; i++)
        {
            var d = (uint)(value[i] - '0');
            if (d > 9)
            {
                break;
            }

            integer = (integer * 10) + (int)d;
        }

        if (i < 3 || i > (latitude ? 4 : 5))
        {
            return false;
        }

        var whole = integer / 100;
        long minutesMantissa = integer % 100;
        if (minutesMantissa >= 60)
        {
            return false;
        }

        var scale = 0;
        if (i < value.Length)
        {
            scale = value.Length - i - 1;
            if (value[i] != (byte)'.' || scale > 12)
            {
                return false;
            }

            for (i++; i < value.Length; i++)
            {
                var d = (uint)(value[i] - '0');
                if (d > 9)
                {
                    return false;
                }

                minutesMantissa = (minutesMantissa * 10) + d;
            }
        }

        var limit = latitude ? 90 : 180;
        degrees = whole + (minutesMantissa / (PowersOf10[scale] * 60.0));
        if (whole > limit || degrees > limit)
        {
            degrees = double.NaN;
            return false;
        }

        if (negative)
        {
            degrees = -degrees;
        }

        return true;
    }

    /// <summary>True for an empty field or the single expected character.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsEmptyOr(ReadOnlySpan<byte> s, char expected) =>
        s.IsEmpty || (s.Length == 1 && s[0] == (byte)expected);
}
