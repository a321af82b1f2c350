using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GeoFence.Gnss.Nmea;

/// <summary>Coordinate fields read in place, eight bytes at a time (<see cref="SwarDigits"/>).</summary>
internal readonly ref partial struct NmeaFields
{
    /// <summary>10^0..10^12 as integers (fraction digits of the minutes).</summary>
    private static ReadOnlySpan<long> IntegerPowersOf10 =>
        [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
            100_000_000_000, 1_000_000_000_000];

    /// <summary>
    /// Fields <paramref name="first"/>..+3 (latitude, N/S, longitude, E/W) as a position: both present or both empty,
    /// never one of them; each read as <see cref="NmeaNumber.TryParseCoordinate"/> reads it.
    /// </summary>
    public bool TryPosition(int first, ref SentenceData d)
    {
        if (!TryCoordinate(first, true, out var latitude)
            || !TryCoordinate(first + 2, false, out var longitude)
            || double.IsNaN(latitude) != double.IsNaN(longitude))
        {
            return false;
        }

        d.Latitude = latitude;
        d.Longitude = longitude;
        return true;
    }

    /// <summary>
    /// Field <paramref name="index"/> (<c>(d)ddmm[.m...]</c>) with its hemisphere letter in the next field as signed
    /// degrees, exactly as <see cref="NmeaNumber.TryParseCoordinate"/> reads them (NaN when both are empty).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryCoordinate(int index, bool latitude, out double degrees)
    {
        var hemisphere = this[index + 1];
        if (!TryLocate(index, out var from, out var length) || hemisphere.Length != 1 || from + 8 > _body.Length + 3)
        {
            return NmeaNumber.TryParseCoordinate(this[index], hemisphere, latitude, out degrees);
        }

        degrees = double.NaN;
        if (!NmeaNumber.TryHemisphere(hemisphere[0], latitude, out var negative))
        {
            return false;
        }

        // Integer digits (dddmm): the lanes before the first byte that is not a digit, 3..4 (latitude) or 3..5.
        ref var body = ref MemoryMarshal.GetReference(_body);
        var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref body, from));
        var values = word ^ 0x3030_3030_3030_3030ul;
        var lanes = Math.Min(length, 8);
        var flags = SwarDigits.NonDigitLanes(word) & SwarDigits.Low(0x8080_8080_8080_8080ul, lanes * 8);
        var integerDigits = flags == 0 ? lanes : BitOperations.TrailingZeroCount(flags) >> 3;
        if (integerDigits < 3 || integerDigits > (latitude ? 4 : 5))
        {
            return false;
        }

        var integer = SwarDigits.Combine8(values << (64 - (integerDigits * 8)));
        var whole = (int)(integer / 100);
        long minutes = integer % 100;
        if (minutes >= 60)
        {
            return false;
        }

        // Then nothing, or a '.' and up to 12 fraction digits of the minutes.
        var scale = length - integerDigits - 1;
        if (scale >= 0)
        {
            var fractionFrom = from + integerDigits + 1;
            if ((byte)(values >> (integerDigits * 8)) != ('.' ^ '0') || scale > 12)
            {
                return false;
            }

            if (scale > 0)
            {
                if (fractionFrom + 8 > _body.Length + 3)
                {
                    return NmeaNumber.TryParseCoordinate(this[index], hemisphere, latitude, out degrees);
                }

                // The first up to 8 fraction digits; bytes [fractionFrom + 8, + 12) are readable when there are more.
                var high = Math.Min(scale, 8);
                if (!SwarDigits.TryParse8(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref body, fractionFrom)), high, out var fraction))
                {
                    return false;
                }

                long fractionValue = fraction;
                if (scale > 8)
                {
                    if (!SwarDigits.TryParse4(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref body, fractionFrom + 8)), scale - 8, out var low))
                    {
                        return false;
                    }

                    fractionValue = (fractionValue * Unsafe.Add(ref MemoryMarshal.GetReference(IntegerPowersOf10), scale - 8)) + low;
                }

                minutes = (minutes * Unsafe.Add(ref MemoryMarshal.GetReference(IntegerPowersOf10), scale)) + fractionValue;
            }
        }
        else
        {
            scale = 0;
        }

        var limit = latitude ? 90 : 180;
        degrees = whole + (minutes / (Unsafe.Add(ref MemoryMarshal.GetReference(NmeaNumber.PowersOf10), scale) * 60.0));
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
}
