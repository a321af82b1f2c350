using System.Text;

namespace GeoFence.Fuzzing.Seeds;

/// <summary>Valid policy documents (schema geofence-policy/1) covering every zone shape and optional section; synthetic places only.</summary>
public static class PolicyDocuments
{
    /// <summary>Smallest valid policy: default block, no zones, no brokers.</summary>
    public const string Minimal = """{"schema":"geofence-policy/1","policyId":"p","version":1,"issuedAt":"2026-01-01T00:00:00Z","notBefore":"2026-01-01T00:00:00Z","notAfter":"2027-01-01T00:00:00Z","defaultAction":{"action":"block"},"zones":{"type":"FeatureCollection","features":[]},"brokers":[],"output":{"maxPrecision_m":1,"datum":"WGS84"}}""";

    /// <summary>Every shape and section: circle, polygon with a hole, multipolygon, corridor, schedules, validity, brokers, guard.</summary>
    public const string Full = """
        {
          "schema": "geofence-policy/1",
          "policyId": "fuzz-full",
          "version": 7,
          "issuedAt": "2026-01-01T00:00:00Z",
          "notBefore": "2026-01-01T00:00:00Z",
          "notAfter": "2027-01-01T00:00:00+08:00",
          "defaultAction": {"action": "redact", "redact_m": 1000},
          "errorModel": {"confidenceFactor": 2.45, "uere_m": 6, "minRadius_m": 3, "maxRadius_m": 100},
          "zones": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"id": "c1", "action": "block", "radius_m": 500, "buffer_m": 50}, "geometry": {"type": "Point", "coordinates": [10.5, 20.25]}},
            {"type": "Feature", "properties": {"id": "p1", "action": "redact", "redact_m": 2000, "name": "area", "from": "2026-02-01T00:00:00Z", "to": "2026-09-01T00:00:00Z"},
             "geometry": {"type": "Polygon", "coordinates": [[[10, 20], [11, 20], [11, 21], [10, 21], [10, 20]], [[10.2, 20.2], [10.4, 20.2], [10.4, 20.4], [10.2, 20.4], [10.2, 20.2]]]}},
            {"type": "Feature", "properties": {"id": "m1", "action": "permit", "schedule": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "18:00", "utcOffset": "+08:00"}, {"days": ["sat"], "start": "22:00", "end": "02:00", "utcOffset": "-03:30"}]},
             "geometry": {"type": "MultiPolygon", "coordinates": [[[[12, 22], [12.5, 22], [12.5, 22.5], [12, 22.5], [12, 22]]], [[[13, 23], [13.1, 23], [13.1, 23.1], [13, 23]]]]}},
            {"type": "Feature", "properties": {"id": "l1", "action": "block", "width_m": 300}, "geometry": {"type": "LineString", "coordinates": [[14, 24], [14.1, 24.05], [14.2, 24]]}}
          ]},
          "brokers": [
            {"host": "mqtt.example.test", "port": 8883, "spkiSha256": ["00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"], "allowedCidrs": ["10.0.0.0/8", "fd00::/8"], "clientCertificateRequired": true},
            {"host": "localhost", "port": 1883, "allowedCidrs": ["127.0.0.1/32", "::1/128"], "loopbackDemo": true}
          ],
          "output": {"maxPrecision_m": 10, "datum": "CGCS2000", "fields": ["time", "lat", "lon", "alt"], "retentionDays": 7, "constantRate_s": 1,
                     "trajectoryGuard": {"delay_s": 30, "approachMin_m": 200, "approachMax_m": 600, "clearanceMin_m": 200, "clearanceMax_m": 600, "minSuppressed_s": 60}}
        }
        """;

    /// <summary>Edge geometry: near a pole and the antimeridian, the largest radius and buffer, a two-point corridor.</summary>
    public const string Edges = """
        {"schema":"geofence-policy/1","policyId":"fuzz-edges","version":3,"issuedAt":"2026-01-01T00:00:00Z","notBefore":"2026-01-01T00:00:00Z","notAfter":"2026-12-31T23:59:59Z",
         "defaultAction":{"action":"allow"},
         "zones":{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"pole","action":"block","radius_m":1000000,"buffer_m":1000000},"geometry":{"type":"Point","coordinates":[0,89.999]}},
          {"type":"Feature","properties":{"id":"south","action":"redact","redact_m":1,"radius_m":0.01},"geometry":{"type":"Point","coordinates":[-180,-90]}},
          {"type":"Feature","properties":{"id":"anti","action":"block","width_m":0.02},"geometry":{"type":"LineString","coordinates":[[179.9999,0],[-179.9999,0.0001]]}},
          {"type":"Feature","properties":{"id":"tiny","action":"block","buffer_m":0},"geometry":{"type":"Polygon","coordinates":[[[179.99,-0.01],[180,-0.01],[180,0.01],[179.99,0.01],[179.99,-0.01]]]}}
         ]},
         "brokers":[{"host":"b.example.test","port":65535,"caCertificates":["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"],"allowedCidrs":["0.0.0.0/0"]}],
         "output":{"maxPrecision_m":0.01,"datum":"GCJ02","fields":[],"retentionDays":0,"constantRate_s":null,"trajectoryGuard":null}}
        """;

    /// <summary>All seed documents as UTF-8.</summary>
    public static IReadOnlyList<byte[]> All { get; } = [.. new[] { Minimal, Full, Edges }.Select(Encoding.UTF8.GetBytes)];
}
