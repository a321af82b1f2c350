using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GeoFence.Device.Report;
using GeoFence.Zones.Decisions;
using GeoFence.Zones.Model;
using GeoFence.Zones.Policy;

namespace GeoFence.Device.IntegrationTests.Report;

public sealed class ZoneLayerTests
{
    // The map: 40.00..40.01 N, 116.00..116.02 E.
    private static readonly MapProjection Projection = new(40.0, 40.01, 116.0, 116.02, 1000, 640, 30);

    [Fact]
    public void Only_zones_that_reach_into_the_map_are_drawn_each_with_its_outline_and_buffer()
    {
        var zones = Zones(
            Circle("near-block", "block", 40.005, 116.01, 100, 50),
            Circle("far-redact", "redact", 40.5, 116.5, 300, 0, ",\"redact_m\":500"),
            Circle("edge-block", "block", 40.005, 116.03, 100, 800), // centre outside the map, buffer reaches in
            Area("licence", "permit", 115.99, 39.99, 116.03, 40.02, 20));

        var layer = ZoneLayer.Draw(zones, Projection, gcj02: false);
        var svg = Svg(layer);

        Assert.Equal(3, layer.Drawn);
        Assert.Equal(0, layer.NotDrawn);
        Assert.DoesNotContain("far-redact", svg, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(svg, "<g class=\"zone block\">"));
        Assert.Equal(1, Regex.Count(svg, "<g class=\"zone permit\">"));
        Assert.Equal(3, Regex.Count(svg, "<path class=\"grown\""));
        Assert.All(Regex.Matches(svg, @"[ML](-?[\d.]+) (-?[\d.]+)").Select(m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))),
            p => Assert.True(p.Item1 is >= -60 and <= 1060 && p.Item2 is >= -40 and <= 680, $"vertex {p} outside the clipped map")); // clipped to the map + 10 %
    }

    [Fact]
    public void Gcj02_records_move_the_outlines_with_them()
    {
        var zones = Zones(Circle("z", "block", 40.005, 116.01, 100, 0));

        var wgs = Svg(ZoneLayer.Draw(zones, Projection, gcj02: false));
        var gcj = Svg(ZoneLayer.Draw(zones, Projection, gcj02: true));

        var shift = LabelX(gcj) - LabelX(wgs);
        Assert.True(Math.Abs(shift) > 1, "the GCJ-02 outline is where the WGS-84 one is");
    }

    [Fact]
    public void Above_the_zone_limit_the_rest_are_counted_not_drawn()
    {
        var many = Enumerable.Range(0, ZoneLayer.MaxZones + 5).Select(i => Circle($"z{i}", "block", 40.005, 116.01, 10 + (i % 50), 0)).ToArray();

        var layer = ZoneLayer.Draw(Zones(many), Projection, gcj02: false);

        Assert.Equal(ZoneLayer.MaxZones, layer.Drawn);
        Assert.Equal(5, layer.NotDrawn);
    }

    private static double LabelX(string svg) =>
        double.Parse(Regex.Match(svg, "<text x=\"([\\d.]+)\"").Groups[1].Value, CultureInfo.InvariantCulture);

    private static string Svg(ZoneLayer layer)
    {
        var text = new StringWriter();
        layer.WriteTo(text);
        return text.ToString();
    }

    private static IReadOnlyList<ZoneDefinition> Zones(params string[] features)
    {
        var json = $$$"""
            {"schema":"geofence-policy/1","policyId":"zones","version":1,"issuedAt":"2000-01-01T00:00:00Z","notBefore":"2000-01-01T00:00:00Z","notAfter":"2036-01-01T00:00:00Z",
             "defaultAction":{"action":"allow"},"errorModel":{"confidenceFactor":2.45,"uere_m":6,"minRadius_m":3,"maxRadius_m":100},
             "zones":{"type":"FeatureCollection","features":[{{{string.Join(',', features)}}}]},
             "brokers":[{"host":"localhost","port":1883,"allowedCidrs":["127.0.0.1/32"],"loopbackDemo":true}],
             "output":{"maxPrecision_m":1,"datum":"WGS84","fields":["time","lat","lon"],"retentionDays":7}}
            """;
        return CompiledPolicy.Compile(PolicyParser.Parse(Encoding.UTF8.GetBytes(json))).Document.Zones;
    }

    private static string Circle(string id, string action, double lat, double lon, double radius, double buffer, string extra = "") => string.Create(CultureInfo.InvariantCulture,
        $"{{\"type\":\"Feature\",\"properties\":{{\"id\":\"{id}\",\"action\":\"{action}\",\"radius_m\":{radius},\"buffer_m\":{buffer}{extra}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon},{lat}]}}}}");

    private static string Area(string id, string action, double west, double south, double east, double north, double buffer) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"type\":\"Feature\",\"properties\":{{\"id\":\"{id}\",\"action\":\"{action}\",\"buffer_m\":{buffer}}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{west},{south}],[{east},{south}],[{east},{north}],[{west},{north}],[{west},{south}]]]}}}}");
}
