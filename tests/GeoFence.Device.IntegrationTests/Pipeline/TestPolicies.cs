using System.Globalization;
using System.Text;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Decisions;
using GeoFence.Zones.Policy;

namespace GeoFence.Device.IntegrationTests.Pipeline;

/// <summary>Minimal signed test policies: default allow, optional block and redact circles.</summary>
public static class TestPolicies
{
    public sealed record Circle(string Id, string Action, double Latitude, double Longitude, double RadiusMetres, double BufferMetres = 0, double RedactMetres = 0);

    public static string Json(
        long version = 1,
        IReadOnlyList<Circle>? zones = null,
        string notBefore = "2000-01-01T00:00:00Z",
        string notAfter = "2036-01-01T00:00:00Z",
        string datum = "WGS84",
        string fields = "\"time\",\"lat\",\"lon\",\"eph\",\"mode\",\"speed\",\"track\"",
        double delaySeconds = 30,
        double approachMin = 200,
        double approachMax = 600,
        double clearanceMin = 200,
        double clearanceMax = 600,
        int brokerPort = 1883) => string.Create(CultureInfo.InvariantCulture, $$$"""
            {"schema":"geofence-policy/1","policyId":"pipeline-test","version":{{{version}}},"issuedAt":"2000-01-01T00:00:00Z",
             "notBefore":"{{{notBefore}}}","notAfter":"{{{notAfter}}}","defaultAction":{"action":"allow"},
             "errorModel":{"confidenceFactor":2.45,"uere_m":6,"minRadius_m":3,"maxRadius_m":100},
             "zones":{"type":"FeatureCollection","features":[{{{string.Join(',', (zones ?? []).Select(Feature))}}}]},
             "brokers":[{"host":"127.0.0.1","port":{{{brokerPort}}},"allowedCidrs":["127.0.0.1/32"],"loopbackDemo":true}],
             "output":{"maxPrecision_m":1,"datum":"{{{datum}}}","fields":[{{{fields}}}],"trajectoryGuard":{"delay_s":{{{delaySeconds}}},"approachMin_m":{{{approachMin}}},"approachMax_m":{{{approachMax}}},"clearanceMin_m":{{{clearanceMin}}},"clearanceMax_m":{{{clearanceMax}}},"minSuppressed_s":60},"constantRate_s":null,"retentionDays":7}}
            """);

    public static byte[] Sign(string json, SigningKey key) =>
        SignedEnvelope.Sign(SignedEnvelope.PolicyPayloadType, Encoding.UTF8.GetBytes(json), key).ToCanonicalBytes();

    public static CompiledPolicy Compile(string json) => CompiledPolicy.Compile(PolicyParser.Parse(Encoding.UTF8.GetBytes(json)));

    /// <summary>A trust directory holding the public key of <paramref name="key"/>.</summary>
    public static string TrustDirectory(string parent, SigningKey key, string name = "trust")
    {
        var trust = Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
        File.WriteAllText(Path.Combine(trust, key.KeyId + ".pub.pem"), key.PublicKeyPem());
        return trust;
    }

    private static string Feature(Circle c)
    {
        var redact = c.Action == "redact" ? string.Create(CultureInfo.InvariantCulture, $",\"redact_m\":{c.RedactMetres}") : string.Empty;
        var properties = string.Create(CultureInfo.InvariantCulture, $"\"id\":\"{c.Id}\",\"action\":\"{c.Action}\",\"radius_m\":{c.RadiusMetres},\"buffer_m\":{c.BufferMetres}{redact}");
        var point = string.Create(CultureInfo.InvariantCulture, $"[{c.Longitude},{c.Latitude}]");
        return "{\"type\":\"Feature\",\"properties\":{" + properties + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":" + point + "}}";
    }
}
