namespace GeoFence.Device.IntegrationTests.Policy;

/// <summary>A temp directory with a policy document and helpers for CLI tests.</summary>
internal sealed class PolicyWorkspace : IDisposable
{
    public const string PolicyJson = """
        {
          "schema": "geofence-policy/1",
          "policyId": "cli-test",
          "version": 7,
          "issuedAt": "2026-05-01T00:00:00Z",
          "notBefore": "2026-05-01T00:00:00Z",
          "notAfter": "2027-05-01T00:00:00Z",
          "defaultAction": {"action": "allow"},
          "zones": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"id": "site-1", "action": "block", "buffer_m": 50, "name": "Secret Base Alpha"},
             "geometry": {"type": "Polygon", "coordinates": [[[116.30, 39.90], [116.32, 39.90], [116.32, 39.92], [116.30, 39.92], [116.30, 39.90]]]}},
            {"type": "Feature", "properties": {"id": "town-1", "action": "redact", "redact_m": 1000},
             "geometry": {"type": "Point", "coordinates": [116.50, 39.95]}, "radius_m_missing": true}
          ]},
          "brokers": [{"host": "mqtt.example.cn", "port": 8883, "spkiSha256": ["00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"], "allowedCidrs": ["10.1.0.0/16"], "clientCertificateRequired": true}],
          "output": {"maxPrecision_m": 1, "datum": "CGCS2000", "fields": ["time", "lat", "lon"]}
        }
        """;

    public PolicyWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "gf-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Write(string name, string content)
    {
        var path = PathOf(name);
        File.WriteAllText(path, content);
        return path;
    }

    public string ValidPolicy() =>
        Write("policy.json", PolicyJson.Replace("\"radius_m_missing\": true", "\"_x\": 0", StringComparison.Ordinal)
            .Replace("\"redact_m\": 1000}", "\"redact_m\": 1000, \"radius_m\": 2000}", StringComparison.Ordinal));

    /// <summary>Runs keygen into keys/ and returns (keyId, private key path); the public key is moved to trust/.</summary>
    public (string KeyId, string PrivateKey) Keygen(string algorithm = "ecdsa-p256")
    {
        var keys = PathOf("keys-" + algorithm);
        var (exit, output, error) = PolicyCli.Run("keygen", "--out", keys, "--algorithm", algorithm);
        Assert.True(exit == 0, error);
        var keyId = output.Split(' ')[2];
        var trust = PathOf("trust");
        Directory.CreateDirectory(trust);
        File.Copy(Path.Combine(keys, keyId + ".pub.pem"), Path.Combine(trust, keyId + ".pub.pem"));
        return (keyId, Path.Combine(keys, keyId + ".key.pem"));
    }

    public string SignedBundle(string algorithm = "ecdsa-p256")
    {
        var (_, key) = Keygen(algorithm);
        var bundle = PathOf("policy.bundle");
        var (exit, _, error) = PolicyCli.Run("sign", "--key", key, "--in", ValidPolicy(), "--out", bundle);
        Assert.True(exit == 0, error);
        return bundle;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
