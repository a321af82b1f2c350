using System.Runtime.CompilerServices;

namespace GeoFence.Gnss.Nmea;

/// <summary>Shared validation rules of NMEA fields.</summary>
internal static class NmeaFieldRules
{
    /// <summary>Knots to metres per second.</summary>
    public const double MetresPerSecondPerKnot = 1852.0 / 3600.0;

    /// <summary>Kilometres per hour to metres per second.</summary>
    public const double MetresPerSecondPerKph = 1000.0 / 3600.0;

    /// <summary>Maps an NMEA 2.3+ mode indicator letter to a GGA-style quality, -1 when not a mode letter.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int QualityOfModeLetter(byte c)
    {
        // A table from 'A' on (the letters are data: a switch on them mispredicts and is a call the compiler keeps).
        var index = (uint)(c - 'A');
        return index < (uint)QualityFromA.Length ? (sbyte)QualityFromA[(int)index] : -1;
    }

    /// <summary>Validates an optional single mode letter; -2 when empty.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryModeLetter(ReadOnlySpan<byte> s, out int quality)
    {
        if (s.IsEmpty)
        {
            quality = -2;
            return true;
        }

        quality = s.Length == 1 ? QualityOfModeLetter(s[0]) : -1;
        return quality >= 0;
    }

    /// <summary>Validates an optional NMEA 4.10 navigational status letter (S safe, C caution, U unsafe, V not valid).</summary>
    public static bool IsNavigationalStatus(ReadOnlySpan<byte> s) =>
        s.IsEmpty || (s.Length == 1 && s[0] is (byte)'S' or (byte)'C' or (byte)'U' or (byte)'V');

    /// <summary>
    /// GGA-style quality of the mode letters 'A'..'S' (0xFF, that is -1, for the letters that are none):
    /// N 0, A 1, D 2, P 3, R 4, F 5, E 6, M 7, S 8.
    /// </summary>
    private static ReadOnlySpan<byte> QualityFromA =>
    [
        1, 0xFF, 0xFF, 2, 6, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 7, 0, 0xFF, 3, 0xFF, 4, 8,
    ];

    /// <summary>Removes the position (used when the sentence says it is not valid).</summary>
    public static void DropPosition(ref SentenceData d)
    {
        d.Latitude = double.NaN;
        d.Longitude = double.NaN;
        d.AltitudeMsl = double.NaN;
        d.GeoidSeparation = double.NaN;
    }
}
