using System.Buffers;

namespace GeoFence.Gnss.Nmea;

/// <summary>GSA: selection mode, fix dimension, 12 satellite ids, PDOP/HDOP/VDOP, system id (4.10+).</summary>
internal static class GsaParser
{
    private static readonly SearchValues<byte> DigitsAndComma = SearchValues.Create("0123456789,"u8);

    /// <summary>Validates every field; on success fills <paramref name="d"/>.</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (f.Count is not (18 or 19)
            || !(f[1].Length == 1 && f[1][0] is (byte)'A' or (byte)'M')
            || !NmeaNumber.TryParseDigits(f[2], 1, out var mode) || mode is < 1 or > 3)
        {
            return false;
        }

        // The 12 satellite ids: digits only (one vectorised scan), at most 3 each, never all zeros.
        if (f.Range(3, 14).IndexOfAnyExcept(DigitsAndComma) >= 0)
        {
            return false;
        }

        for (var i = 3; i <= 14; i++)
        {
            var id = f[i];
            if (id.Length > 3 || (id.Length > 0 && NmeaNumber.IsAllZeros(id)))
            {
                return false;
            }
        }

        if (!NmeaNumber.TryParseOptionalInRange(f[15], 999.99, out d.Pdop)
            || !NmeaNumber.TryParseOptionalInRange(f[16], 999.99, out d.Hdop)
            || !NmeaNumber.TryParseOptionalInRange(f[17], 999.99, out d.Vdop)
            || !NmeaNumber.TryParseOptionalInt(f[18], 2, 0, 15, out var system))
        {
            return false;
        }

        d.Mode = mode;
        d.Variant = system + 1;
        return true;
    }
}
