namespace GeoFence.Gnss.Nmea;

/// <summary>GSA: selection mode, fix dimension, 12 satellite ids, PDOP/HDOP/VDOP, system id (4.10+).</summary>
internal static class GsaParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/>.</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (f.Count is not (18 or 19)
            || !(f[1].Length == 1 && f[1][0] is (byte)'A' or (byte)'M')
            || !f.TryOptionalDigits(2, 1, out var mode) || mode is < 1 or > 3)
        {
            return false;
        }

        // The 12 satellite ids: empty or at most 3 digits, never all zeros (which reads as 0; empty as -1).
        if (!f.AreValidSatelliteIds(3, 12))
        {
            return false;
        }

        if (!f.TryOptionalDecimalInRange(15, 999.99, out d.Pdop)
            || !f.TryOptionalDecimalInRange(16, 999.99, out d.Hdop)
            || !f.TryOptionalDecimalInRange(17, 999.99, out d.Vdop)
            || !f.TryOptionalDigits(18, 2, out var system) || system > 15)
        {
            return false;
        }

        d.Mode = mode;
        d.Variant = system + 1;
        return true;
    }
}
