using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GeoFence.Zones.Bundles;

namespace GeoFence.Benchmarks.Unit;

/// <summary>A provisioned unit in a temp directory: data directory with a device key, trust directory, a signed policy in incoming/.</summary>
internal sealed class BenchUnit : IDisposable
{
    private readonly SigningKey _authority = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);

    public BenchUnit()
    {
        Root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "geofence-unitbench-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        Data = Directory.CreateDirectory(Path.Combine(Root, "data")).FullName;
        Config = Directory.CreateDirectory(Path.Combine(Root, "etc")).FullName;
        Trust = Directory.CreateDirectory(Path.Combine(Root, "trust")).FullName;
        File.WriteAllBytes(Path.Combine(Data, "device.key"), RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(Path.Combine(Trust, _authority.KeyId + ".pub.pem"), _authority.PublicKeyPem());
    }

    public string Root { get; }

    public string Data { get; }

    public string Config { get; }

    public string Trust { get; }

    /// <summary>Signs an allow-everything policy (guard delay <paramref name="delay"/>, the loopback broker) into incoming/.</summary>
    public void DropPolicy(TimeSpan delay, int brokerPort)
    {
        var json = string.Create(CultureInfo.InvariantCulture, $$$"""
            {"schema":"geofence-policy/1","policyId":"unit-bench","version":1,"issuedAt":"2000-01-01T00:00:00Z",
             "notBefore":"2000-01-01T00:00:00Z","notAfter":"2036-01-01T00:00:00Z","defaultAction":{"action":"allow"},
             "errorModel":{"confidenceFactor":2.45,"uere_m":6,"minRadius_m":3,"maxRadius_m":100},
             "zones":{"type":"FeatureCollection","features":[]},
             "brokers":[{"host":"127.0.0.1","port":{{{brokerPort}}},"allowedCidrs":["127.0.0.1/32"],"loopbackDemo":true}],
             "output":{"maxPrecision_m":1,"datum":"WGS84","fields":["time","lat","lon","eph","mode","speed","track"],"trajectoryGuard":{"delay_s":{{{delay.TotalSeconds}}},"approachMin_m":200,"approachMax_m":600,"clearanceMin_m":200,"clearanceMax_m":600,"minSuppressed_s":60},"constantRate_s":null,"retentionDays":7}}
            """);
        var incoming = Directory.CreateDirectory(Path.Combine(Data, "incoming")).FullName;
        var envelope = SignedEnvelope.Sign(SignedEnvelope.PolicyPayloadType, Encoding.UTF8.GetBytes(json), _authority);
        File.WriteAllBytes(Path.Combine(incoming, "policy.bundle"), envelope.ToCanonicalBytes());
    }

    /// <summary>The agent's arguments: this unit, the serial source at 115200 Bd, no local feed.</summary>
    public string[] RunArguments(string serialPath) =>
    [
        "run", "--config-dir", Config,
        "Unit:Id=bench-unit", $"Unit:DataDirectory={Data}", $"Unit:TrustDirectory={Trust}",
        $"Receiver:Source=serial:{serialPath}", "Receiver:Baud=115200", "Receiver:MinimumPlausibleDate=2000-01-01T00:00:00Z",
        "LocalFeed:Enabled=false",
    ];

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
