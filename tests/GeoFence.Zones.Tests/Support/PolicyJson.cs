using System.Globalization;
using System.Text;

namespace GeoFence.Zones.Tests.Support;

/// <summary>Builds policy JSON documents for tests.</summary>
public sealed class PolicyJson
{
    private readonly List<string> _features = [];

    public string PolicyId { get; set; } = "test-policy";

    public long Version { get; set; } = 1;

    public string NotBefore { get; set; } = "2026-01-01T00:00:00Z";

    public string NotAfter { get; set; } = "2027-01-01T00:00:00Z";

    public string DefaultAction { get; set; } = """{"action":"allow"}""";

    public string ErrorModel { get; set; } = """{"confidenceFactor":2.45,"uere_m":6,"minRadius_m":3,"maxRadius_m":100}""";

    public string Brokers { get; set; } = """[{"host":"mqtt.example.cn","port":8883,"spkiSha256":["00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"],"allowedCidrs":["10.0.0.0/8"],"clientCertificateRequired":true},{"host":"localhost","port":1883,"allowedCidrs":["127.0.0.1/32","::1/128"],"loopbackDemo":true}]""";

    public static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Ring(IEnumerable<(double Lon, double Lat)> ring) =>
        "[" + string.Join(",", ring.Select(p => $"[{F(p.Lon)},{F(p.Lat)}]")) + "]";

    public PolicyJson Polygon(string id, string action, IReadOnlyList<(double Lon, double Lat)> shell, IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>>? holes = null, string extra = "")
    {
        var rings = new List<string> { Ring(shell) };
        rings.AddRange((holes ?? []).Select(Ring));
        return Add(id, action, $$"""{"type":"Polygon","coordinates":[{{string.Join(",", rings)}}]}""", extra);
    }

    public PolicyJson MultiPolygon(string id, string action, IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>> shells, string extra = "") =>
        Add(id, action, $$"""{"type":"MultiPolygon","coordinates":[{{string.Join(",", shells.Select(s => "[" + Ring(s) + "]"))}}]}""", extra);

    public PolicyJson Circle(string id, string action, double lat, double lon, double radius, string extra = "") =>
        Add(id, action, $$"""{"type":"Point","coordinates":[{{F(lon)}},{{F(lat)}}]}""", $",\"radius_m\":{F(radius)}{extra}");

    public PolicyJson Corridor(string id, string action, IReadOnlyList<(double Lon, double Lat)> line, double width, string extra = "") =>
        Add(id, action, $$"""{"type":"LineString","coordinates":{{Ring(line)}}}""", $",\"width_m\":{F(width)}{extra}");

    public PolicyJson Raw(string feature)
    {
        _features.Add(feature);
        return this;
    }

    public string Build() => $$"""
        {
          "schema": "geofence-policy/1",
          "policyId": "{{PolicyId}}",
          "version": {{Version}},
          "issuedAt": "2026-01-01T00:00:00Z",
          "notBefore": "{{NotBefore}}",
          "notAfter": "{{NotAfter}}",
          "defaultAction": {{DefaultAction}},
          "errorModel": {{ErrorModel}},
          "zones": {"type":"FeatureCollection","features":[{{string.Join(",\n", _features)}}]},
          "brokers": {{Brokers}},
          "output": {"maxPrecision_m": 1, "datum": "CGCS2000", "fields": ["time","lat","lon"], "retentionDays": 7}
        }
        """;

    public byte[] Utf8() => Encoding.UTF8.GetBytes(Build());

    private PolicyJson Add(string id, string action, string geometry, string extra)
    {
        var redact = action == "redact" && !extra.Contains("redact_m", StringComparison.Ordinal) ? ",\"redact_m\":500" : "";
        _features.Add($$"""{"type":"Feature","properties":{"id":"{{id}}","action":"{{action}}"{{redact}}{{extra}}},"geometry":{{geometry}}}""");
        return this;
    }
}
