using System.Text;

namespace GeoFence.Gnss.Tests.Support;

/// <summary>Builds test sentences with a correct checksum.</summary>
public static class TestNmea
{
    /// <summary>"$" + body + "*hh\r\n".</summary>
    public static string Sentence(string body)
    {
        var checksum = 0;
        foreach (var c in body)
        {
            checksum ^= c;
        }

        return $"${body}*{checksum:X2}\r\n";
    }

    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    public static GnssOptions Options(int year = 2020, bool echo = false, long frequency = 1000) => new()
    {
        MinimumPlausibleDate = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero),
        EchoSentences = echo,
        TimestampFrequency = frequency,
    };

    public static string Gga(string time, string lat = "4807.0381", string ns = "N", string lon = "01131.0002", string ew = "E", string quality = "1") =>
        Sentence($"GPGGA,{time},{lat},{ns},{lon},{ew},{quality},08,0.9,545.4,M,46.9,M,,");

    public static string Rmc(string time, string date, string lat = "4807.0381", string lon = "01131.0002") =>
        Sentence($"GPRMC,{time},A,{lat},N,{lon},E,022.4,084.4,{date},003.1,W,A");

    public static (GnssDecoder Decoder, CollectingSink Sink) Decoder(GnssOptions? options = null)
    {
        var sink = new CollectingSink();
        return (new GnssDecoder(options ?? Options(), sink), sink);
    }

    public static void Feed(this GnssDecoder decoder, string text, long timestamp = 0) => decoder.Feed(Bytes(text), timestamp);
}
