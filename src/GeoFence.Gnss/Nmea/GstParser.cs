namespace GeoFence.Gnss.Nmea;

/// <summary>GST: time, RMS, error ellipse, latitude/longitude/altitude 1 sigma errors in metres.</summary>
internal static class GstParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/>.</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (f.Count != 9
            || !NmeaNumber.TryParseTime(f[1], out d.TimeOfDay)
            || !f.TryOptionalDecimalInRange(2, 1e9, out _)
            || !f.TryOptionalDecimalInRange(3, 1e9, out _)
            || !f.TryOptionalDecimalInRange(4, 1e9, out _)
            || !f.TryOptionalDecimalInRange(5, 360, out _)
            || !f.TryOptionalDecimalInRange(6, 1e9, out var latitudeSigma)
            || !f.TryOptionalDecimalInRange(7, 1e9, out var longitudeSigma)
            || !f.TryOptionalDecimalInRange(8, 1e9, out d.VerticalAccuracy))
        {
            return false;
        }

        d.HorizontalAccuracy = Math.Sqrt((latitudeSigma * latitudeSigma) + (longitudeSigma * longitudeSigma));
        return true;
    }
}
