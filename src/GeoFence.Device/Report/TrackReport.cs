using System.Globalization;
using System.Net;
using System.Text;
using GeoFence.Zones.Model;

namespace GeoFence.Device.Report;

/// <summary>
/// report.html: one self-contained page (inline SVG and CSS only; nothing is loaded from anywhere) built from
/// forwarded.jsonl (the records that would be published) and summary.json (counts). It shows no more than the published
/// data (it omits even the absolute coordinates: the map is in metres around the track centre), unless zone outlines
/// are passed in, which only <c>simulate --show-zones</c> does after checking the signing key.
/// </summary>
internal static class TrackReport
{
    /// <summary>File name of the report.</summary>
    public const string FileName = "report.html";

    private const double MapWidth = 1000;
    private const double MapHeight = 640;
    private const double MapMargin = 30;

    /// <summary>Writes the page (temp file, then rename) and returns what it drew.</summary>
    public static TrackReportFacts Write(string forwardedPath, string summaryPath, string reportPath, IReadOnlyList<ZoneDefinition>? zones)
    {
        var scan = TrackScan.Read(forwardedPath);
        using var summary = SummaryTables.Read(summaryPath);
        var temp = reportPath + ".tmp";
        TrackReportFacts facts;
        using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024))
        {
            Head(writer, SummaryTables.PolicyOf(summary.RootElement), zones is not null);
            facts = Map(writer, forwardedPath, scan, zones);
            Legend(writer, scan, facts);
            SummaryTables.Write(writer, summary.RootElement);
            writer.Write("</body>\n</html>\n");
        }

        File.Move(temp, reportPath, overwrite: true);
        return facts;
    }

    private static void Head(TextWriter html, string policy, bool zonesShown)
    {
        html.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>geofence-device simulate report</title>\n<style>\n");
        html.Write(ReportStyle.Css);
        html.Write("\n</style>\n</head>\n<body>\n<h1>What the unit would publish</h1>\n<p class=\"note\">");
        html.Write(WebUtility.HtmlEncode($"Policy {policy}. "));
        html.Write("Drawn from forwarded.jsonl only (the records the unit would publish, at their published positions); "
            + "a break in the line is a stretch with no published record (no fix, blocked or suppressed look the same). "
            + "Local map in metres around the track centre, north up, equal scale on both axes. ");
        html.Write(zonesShown
            ? "<strong>Zone outlines are shown: this page contains policy zones and is as sensitive as the policy.</strong>"
            : "Zone outlines are not shown (simulate --show-zones --signing-key KEY adds them).");
        html.Write("</p>\n");
    }

    private static TrackReportFacts Map(TextWriter html, string forwardedPath, TrackScan scan, IReadOnlyList<ZoneDefinition>? zones)
    {
        html.Write(string.Create(CultureInfo.InvariantCulture,
            $"<svg class=\"map\" width=\"{MapWidth}\" height=\"{MapHeight}\" viewBox=\"0 0 {MapWidth} {MapHeight}\" role=\"img\" aria-label=\"published track\">\n"));
        if (scan.Positioned == 0)
        {
            html.Write(string.Create(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{MapWidth / 2}\" y=\"{MapHeight / 2}\">No record with a position would be published.</text>\n</svg>\n"));
            return new TrackReportFacts(0, 0, 0, 0, 1, 0, 0);
        }

        var projection = new MapProjection(scan.MinLatitude, scan.MaxLatitude, scan.MinLongitude, scan.MaxLongitude, MapWidth, MapHeight, MapMargin);
        html.Write(string.Create(CultureInfo.InvariantCulture, $"<defs><clipPath id=\"map-area\"><rect x=\"0\" y=\"0\" width=\"{MapWidth}\" height=\"{MapHeight}\"/></clipPath></defs>\n<g clip-path=\"url(#map-area)\">\n"));
        var zoneLayer = zones is null ? null : ZoneLayer.Draw(zones, projection, scan.Datum == "GCJ02");
        zoneLayer?.WriteTo(html);
        var track = TrackLayer.Draw(forwardedPath, scan, projection);
        track.WriteTo(html);
        html.Write("</g>\n");
        ScaleAndNorth(html, projection);
        html.Write("</svg>\n");
        return new TrackReportFacts(track.AllowedDrawn, track.RedactedDrawn, scan.NoPosition, track.Gaps, track.Stride, zoneLayer?.Drawn ?? 0, zoneLayer?.NotDrawn ?? 0);
    }

    private static void ScaleAndNorth(TextWriter html, MapProjection projection)
    {
        var bar = ScaleBar.Fit(projection.PixelsPerMetre, MapWidth / 5);
        var (x, y) = (20.0, MapHeight - 20);
        html.Write(string.Create(CultureInfo.InvariantCulture,
            $"<g class=\"scale\"><rect x=\"{x}\" y=\"{y - 4}\" width=\"{bar.Pixels:0.0}\" height=\"4\"/><rect x=\"{x}\" y=\"{y - 10}\" width=\"2\" height=\"10\"/><rect x=\"{x + bar.Pixels - 2:0.0}\" y=\"{y - 10}\" width=\"2\" height=\"10\"/><text x=\"{x}\" y=\"{y - 14}\">{bar.Label}</text></g>\n"));
        html.Write(string.Create(CultureInfo.InvariantCulture,
            $"<g class=\"north\"><path d=\"M{MapWidth - 25} 15 L{MapWidth - 31} 31 L{MapWidth - 25} 27 L{MapWidth - 19} 31 Z\" fill=\"#222\"/><text x=\"{MapWidth - 29}\" y=\"45\">N</text></g>\n"));
    }

    private static void Legend(TextWriter html, TrackScan scan, TrackReportFacts facts)
    {
        html.Write("<ul class=\"legend\">\n");
        Item(html, "<circle class=\"swatch allowed\" cx=\"9\" cy=\"7\" r=\"3\"/>", $"allowed: {scan.Allowed} precise records");
        Item(html, "<circle class=\"swatch redacted\" cx=\"9\" cy=\"7\" r=\"4.5\"/>", $"redacted: {scan.Redacted} records, at their published (snapped) positions");
        Item(html, "<polyline class=\"swatch run\" points=\"0,7 18,7\"/>", $"published track; {facts.Gaps} gaps where no record was published for more than {TrackLayer.GapThresholdFor(scan).TotalSeconds:0.#} s");
        if (scan.NoPosition > 0)
        {
            Item(html, string.Empty, $"{scan.NoPosition} records without a position (heartbeats) are not drawn");
        }

        if (facts.Stride > 1)
        {
            Item(html, string.Empty, $"more than {TrackLayer.MaxDrawnPoints} positions: 1 in {facts.Stride} records is drawn (gaps are still exact)");
        }

        if (facts.ZonesDrawn + facts.ZonesNotDrawn > 0)
        {
            Item(html, "<rect x=\"2\" y=\"2\" width=\"14\" height=\"10\" fill=\"#d7191c\" fill-opacity=\"0.15\" stroke=\"#d7191c\"/>",
                $"{facts.ZonesDrawn} zones in view (red block, purple redact, blue permit; dashed: grown by buffer_m)"
                + (facts.ZonesNotDrawn > 0 ? $"; {facts.ZonesNotDrawn} more not drawn (drawing limit)" : string.Empty));
        }

        html.Write("</ul>\n");
    }

    private static void Item(TextWriter html, string swatch, string text) =>
        html.Write($"<li><svg width=\"18\" height=\"14\">{swatch}</svg>{WebUtility.HtmlEncode(text)}</li>\n");
}

/// <summary>What a report drew (counts only).</summary>
/// <param name="AllowedDrawn">Allowed points drawn.</param>
/// <param name="RedactedDrawn">Redacted points drawn.</param>
/// <param name="WithoutPosition">Records without a position (not drawn).</param>
/// <param name="Gaps">Breaks in the track line.</param>
/// <param name="Stride">1, or k when every k-th record is drawn.</param>
/// <param name="ZonesDrawn">Zone outlines drawn.</param>
/// <param name="ZonesNotDrawn">Zones in view left out by the drawing limits.</param>
internal sealed record TrackReportFacts(long AllowedDrawn, long RedactedDrawn, long WithoutPosition, int Gaps, int Stride, int ZonesDrawn, int ZonesNotDrawn);
