using System.Globalization;
using System.Text.RegularExpressions;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Report;

namespace GeoFence.Device.IntegrationTests.Report;

/// <summary>TrackReport on hand-written forwarded.jsonl files: gaps, thinning, heartbeats, bad input.</summary>
public sealed class TrackReportTests : IDisposable
{
    private const string Summary = """{"policy":"p<x>","policyVersion":3,"epochs":9,"actions":{"allow":5,"redact":2,"block":2},"reasons":{"BlockZone":2}}""";
    private static readonly DateTime Start = new(2026, 6, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly TestDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void A_time_hole_breaks_the_line_and_every_record_is_one_point()
    {
        var lines = Enumerable.Range(0, 5).Select(i => Record(i, "precise"))
            .Concat(Enumerable.Range(70, 3).Select(i => Record(i, "redacted"))) // 65 s without records
            .Concat(Enumerable.Range(73, 2).Select(i => Record(i, "precise")));

        var (html, facts) = Build(lines);

        Assert.Equal(1, facts.Gaps);
        Assert.Equal(2, Regex.Count(html, "<polyline class=\"run\""));
        Assert.Equal(7, Regex.Count(html, "class=\"pt allowed\""));
        Assert.Equal(3, Regex.Count(html, "class=\"pt redacted\""));
        Assert.Contains("Policy p&lt;x&gt; v3.", html, StringComparison.Ordinal); // text from files is escaped
        Assert.Contains("<tr><th>BlockZone</th><td>2</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Heartbeats_are_counted_not_drawn_and_break_the_line()
    {
        var lines = new[] { Record(0, "precise"), Record(1, "precise"), Heartbeat(2), Record(3, "precise"), Record(4, "precise") };

        var (html, facts) = Build(lines);

        Assert.Equal(1, facts.WithoutPosition);
        Assert.Equal(1, facts.Gaps);
        Assert.Equal(4, facts.AllowedDrawn);
        Assert.Contains("1 records without a position", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Above_the_drawing_limit_every_kth_record_is_drawn_and_the_page_says_so()
    {
        var count = (TrackLayer.MaxDrawnPoints * 2) + 10;
        var (html, facts) = Build(Enumerable.Range(0, count).Select(i => Record(i, "precise")));

        Assert.Equal(3, facts.Stride);
        Assert.Equal((count + 2) / 3, facts.AllowedDrawn);
        Assert.Equal(facts.AllowedDrawn, Regex.Count(html, "class=\"pt allowed\""));
        Assert.Contains("1 in 3 records is drawn", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_line_names_the_file_and_line_number()
    {
        var error = Assert.Throws<FormatException>(() => Build([Record(0, "precise"), "{\"level\":", Record(2, "precise")]));

        Assert.Contains("forwarded.jsonl:2:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"seq\":1,\"level\":\"secret\",\"lat\":1,\"lon\":2}")]
    [InlineData("{\"seq\":1,\"lat\":1,\"lon\":2}")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"level\":\"precise\",\"time\":\"not a time\",\"lat\":1,\"lon\":2}")]
    public void A_record_that_is_not_a_compliant_fix_is_refused(string line) =>
        Assert.Throws<FormatException>(() => ForwardedPoint.Parse(line));

    [Fact]
    public void An_overlong_line_is_refused() =>
        Assert.Throws<FormatException>(() => ForwardedPoint.Parse(new string(' ', ForwardedPoint.MaxLineChars + 1)));

    [Fact]
    public void A_summary_that_is_not_an_object_is_refused() =>
        Assert.Throws<FormatException>(() => Build([Record(0, "precise")], summary: "[]"));

    [Theory]
    [InlineData(1.0, 200, 200, "200 m")]
    [InlineData(0.1, 200, 2000, "2 km")]
    [InlineData(0.3, 200, 500, "500 m")]
    [InlineData(0.01, 200, 20000, "20 km")]
    [InlineData(0.013, 200, 10000, "10 km")]
    public void The_scale_bar_is_a_round_length_no_longer_than_the_target(double pixelsPerMetre, double target, double metres, string label)
    {
        var bar = ScaleBar.Fit(pixelsPerMetre, target);

        Assert.Equal(metres, bar.Metres, 6);
        Assert.Equal(label, bar.Label);
        Assert.True(bar.Pixels <= target + 1e-9);
    }

    [Fact]
    public void The_projection_keeps_the_aspect_and_puts_north_up()
    {
        var projection = new MapProjection(40.0, 40.01, 116.0, 116.02, 1000, 640, 30);
        var (x0, y0) = projection.ToPixels(40.0, 116.0);
        var (x1, y1) = projection.ToPixels(40.01, 116.0);
        var (x2, _) = projection.ToPixels(40.0, 116.02);

        var north = (y0 - y1) / projection.PixelsPerMetre; // metres for 0.01° of latitude
        var east = (x2 - x0) / projection.PixelsPerMetre;  // metres for 0.02° of longitude at 40°N
        Assert.InRange(north, 1109, 1111);
        Assert.InRange(east, 1705, 1708);
        Assert.Equal(x0, x1, 6);
        Assert.True(y1 < y0);
    }

    private (string Html, TrackReportFacts Facts) Build(IEnumerable<string> lines, string summary = Summary)
    {
        var forwarded = dir.File("forwarded.jsonl");
        var summaryPath = dir.File("summary.json");
        var report = dir.File("report.html");
        File.WriteAllLines(forwarded, lines);
        File.WriteAllText(summaryPath, summary);
        var facts = TrackReport.Write(forwarded, summaryPath, report, zones: null);
        return (File.ReadAllText(report), facts);
    }

    private static string Record(int second, string level) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"schema\":\"geofence.compliant-fix/1\",\"seq\":{second + 1},\"level\":\"{level}\",\"datum\":\"WGS84\",\"time\":\"{Start.AddSeconds(second):yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\",\"mode\":3,\"lat\":{40 + (second * 1e-4)},\"lon\":{116 + (second * 1e-4)}}}");

    private static string Heartbeat(int second) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"schema\":\"geofence.compliant-fix/1\",\"seq\":{second + 1},\"level\":\"heartbeat\",\"datum\":\"WGS84\",\"time\":\"2026-06-01T08:00:{second:00}.000Z\"}}");
}
