using System.Globalization;
using System.Text;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Sanitizing.Nmea;

/// <summary>
/// GGA and RMC built from a <see cref="CompliantFix"/> only, for consumers that want NMEA. Fields the record does not carry
/// are empty (satellites, DOP, geoid separation, DGPS age and station, magnetic variation are always empty).
/// </summary>
public static class NmeaSynthesizer
{
    private const string Talker = "GP";

    /// <summary>A GGA sentence with CR LF, or null for a record without a position (heartbeat).</summary>
    public static string? Gga(CompliantFix record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Latitude is not { } lat || record.Longitude is not { } lon)
        {
            return null;
        }

        var body = new StringBuilder(80);
        body.Append(Talker).Append("GGA,")
            .Append(TimeOfDay(record.Time)).Append(',')
            .Append(Latitude(lat)).Append(',')
            .Append(Longitude(lon)).Append(',')
            .Append("1,,,"); // quality: a fix; satellites and HDOP never leave
        if (record.AltitudeMsl is { } alt)
        {
            body.Append(alt.ToString("0.0", CultureInfo.InvariantCulture)).Append(",M,");
        }
        else
        {
            body.Append(",,");
        }

        body.Append(",,,"); // geoid separation, its unit, DGPS age; then the station id (empty) ends the sentence
        return Frame(body);
    }

    /// <summary>An RMC sentence with CR LF, or null for a record without a position (heartbeat).</summary>
    public static string? Rmc(CompliantFix record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Latitude is not { } lat || record.Longitude is not { } lon)
        {
            return null;
        }

        var body = new StringBuilder(80);
        body.Append(Talker).Append("RMC,")
            .Append(TimeOfDay(record.Time)).Append(",A,")
            .Append(Latitude(lat)).Append(',')
            .Append(Longitude(lon)).Append(',')
            .Append(record.SpeedMps is { } speed ? (speed * 3600.0 / 1852.0).ToString("0.000", CultureInfo.InvariantCulture) : string.Empty).Append(',')
            .Append(record.CourseDeg is { } course ? course.ToString("0.00", CultureInfo.InvariantCulture) : string.Empty).Append(',')
            .Append(record.Time is { } time ? time.UtcDateTime.ToString("ddMMyy", CultureInfo.InvariantCulture) : string.Empty)
            .Append(",,,A"); // magnetic variation and its direction never leave; mode: autonomous
        return Frame(body);
    }

    /// <summary>The NMEA checksum (XOR of the bytes between '$' and '*').</summary>
    public static byte Checksum(ReadOnlySpan<char> body)
    {
        byte sum = 0;
        foreach (var c in body)
        {
            sum ^= (byte)c;
        }

        return sum;
    }

    private static string Frame(StringBuilder body)
    {
        var text = body.ToString();
        return $"${text}*{Checksum(text):X2}\r\n";
    }

    private static string TimeOfDay(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("HHmmss.ff", CultureInfo.InvariantCulture) : string.Empty;

    private static string Latitude(double lat) => Angle(Math.Abs(lat), 2) + (lat >= 0 ? ",N" : ",S");

    private static string Longitude(double lon) => Angle(Math.Abs(lon), 3) + (lon >= 0 ? ",E" : ",W");

    private static string Angle(double degrees, int degreeDigits)
    {
        var totalMicroMinutes = (long)Math.Round(degrees * 60_000_000.0);
        var whole = totalMicroMinutes / 60_000_000;
        var minutes = (totalMicroMinutes % 60_000_000) / 1_000_000.0;
        return whole.ToString(new string('0', degreeDigits), CultureInfo.InvariantCulture)
            + minutes.ToString("00.000000", CultureInfo.InvariantCulture);
    }
}
