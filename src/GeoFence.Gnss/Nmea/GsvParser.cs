using System.Runtime.CompilerServices;

namespace GeoFence.Gnss.Nmea;

/// <summary>GSV: message count/number, satellites in view, up to 4 (id, elevation, azimuth, SNR) and a signal id (4.10+).</summary>
internal static class GsvParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/> (GSV contributes no fix values).</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (!TryParse(f, out var canEndCycle))
        {
            return false;
        }

        d.CanEndCycle = canEndCycle;
        return true;
    }

    /// <summary>Validates every field; <paramref name="canEndCycle"/> is false for a part other than the last.</summary>
    public static bool TryParse(in NmeaFields f, out bool canEndCycle)
    {
        canEndCycle = false;
        if (f.Count < 4
            || !f.TryOptionalDigits(1, 1, out var total) || total < 1
            || !f.TryOptionalDigits(2, 1, out var number) || number < 1 || number > total
            || !f.TryOptionalDigits(3, 3, out var inView) || inView < 0)
        {
            return false;
        }

        // Count >= 4: up to four groups of four fields, and perhaps a signal id after them.
        var satelliteFields = (uint)(f.Count - 4);
        var hasSignalId = satelliteFields % 4 == 1;
        if (satelliteFields % 4 > 1 || satelliteFields / 4 > 4)
        {
            return false;
        }

        if (!f.AreValidSatellites(4, (int)(satelliteFields / 4)))
        {
            return false;
        }

        if (hasSignalId && !(f[f.Count - 1].Length == 1 && IsHexDigit(f[f.Count - 1][0])))
        {
            return false;
        }

        canEndCycle = number == total;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsHexDigit(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'A' and <= (byte)'F';
}
