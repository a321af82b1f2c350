using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GeoFence.Gnss.Tests.Support;

/// <summary>The gpsd regression captures copied to data/gpsd and gpsd's own output (.chk) for each.</summary>
public static class Corpus
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "data", "gpsd");

    public static IReadOnlyList<string> LogNames { get; } = FindLogs();

    public static TheoryData<string> Logs()
    {
        var data = new TheoryData<string>();
        foreach (var name in LogNames)
        {
            data.Add(name);
        }

        return data;
    }

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static string[] CheckLines(string name) =>
        File.ReadAllText(Path.Combine(Directory, name + ".chk"), Encoding.Latin1).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r')).ToArray();

    /// <summary>Sentences gpsd echoed (it echoes every packet it accepted).</summary>
    public static List<string> EchoedSentences(string name) =>
        CheckLines(name).Where(l => l.StartsWith('$') || l.StartsWith('!')).ToList();

    /// <summary>Sentence-like lines of the capture (lead '$' or '!' at the start of a line).</summary>
    public static List<string> SentenceLines(string name) =>
        Encoding.Latin1.GetString(Bytes(name)).Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith('$') || l.StartsWith('!')).ToList();

    /// <summary>gpsd TPV reports that carry a time and a position.</summary>
    public static List<Tpv> PositionReports(string name)
    {
        var result = new List<Tpv>();
        foreach (var line in CheckLines(name))
        {
            if (!line.StartsWith("{\"class\":\"TPV\"", StringComparison.Ordinal))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.TryGetProperty("time", out var time) && root.TryGetProperty("lat", out var lat) && root.TryGetProperty("lon", out var lon))
            {
                result.Add(new Tpv(
                    DateTimeOffset.Parse(time.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    lat.GetDouble(), lon.GetDouble(), root.GetProperty("mode").GetInt32()));
            }
        }

        return result;
    }

    /// <summary>The capture's "# Date:" header, if any.</summary>
    public static DateTimeOffset? HeaderDate(string name)
    {
        foreach (var line in Encoding.Latin1.GetString(Bytes(name)).Split('\n'))
        {
            if (line.StartsWith("# Date:", StringComparison.Ordinal))
            {
                var text = line[7..].Trim();
                if (text.Length >= 10 && DateTimeOffset.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
                {
                    return date;
                }
            }
        }

        return null;
    }

    public static GnssOptions Options(bool echo = false) =>
        new() { MinimumPlausibleDate = new DateTimeOffset(1999, 8, 22, 0, 0, 0, TimeSpan.Zero), EchoSentences = echo };

    /// <summary>Decodes a whole capture in chunks of <paramref name="chunk"/> bytes.</summary>
    public static (GnssDecoder Decoder, CollectingSink Sink) Decode(string name, bool echo = false, int chunk = 4096)
    {
        var sink = new CollectingSink();
        var decoder = new GnssDecoder(Options(echo), sink);
        var bytes = Bytes(name);
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            decoder.Feed(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), i);
        }

        decoder.Complete();
        return (decoder, sink);
    }

    private static List<string> FindLogs()
    {
        var root = Directory;
        return System.IO.Directory.EnumerateFiles(root, "*.log", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
    }
}

/// <summary>One gpsd TPV report with a position.</summary>
public sealed record Tpv(DateTimeOffset Time, double Latitude, double Longitude, int Mode);
