using System.Security.Cryptography;
using GeoFence.Zones.Bundles;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Zones.Tests.Support;

/// <summary>A unit's directories (trust, data, device key) with a signing authority and a fake clock.</summary>
public sealed class BundleFixture : IDisposable
{
    private readonly TempDirectory _root = new();

    public BundleFixture(SignatureAlgorithm algorithm = SignatureAlgorithm.EcdsaP256Sha256)
    {
        Authority = SigningKey.Generate(algorithm);
        TrustDirectory = _root.Sub("trust");
        DataDirectory = _root.Sub("data");
        DeviceKeyFile = System.IO.Path.Combine(_root.Path, "device.key");
        File.WriteAllBytes(DeviceKeyFile, RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(System.IO.Path.Combine(TrustDirectory, Authority.KeyId + ".pub.pem"), Authority.PublicKeyPem());
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        Store = new PolicyStore(DataDirectory, TrustDirectory, DeviceKeyFile, Clock);
    }

    public SigningKey Authority { get; }

    public string TrustDirectory { get; }

    public string DataDirectory { get; }

    public string DeviceKeyFile { get; }

    public FakeTimeProvider Clock { get; }

    public PolicyStore Store { get; }

    public static byte[] Sign(PolicyJson json, params SigningKey[] keys) =>
        SignedEnvelope.Sign(SignedEnvelope.PolicyPayloadType, json.Utf8(), keys).ToCanonicalBytes();

    public byte[] Bundle(long version, string? notBefore = null, string? notAfter = null, string defaultAction = """{"action":"allow"}""") =>
        Sign(new PolicyJson
        {
            Version = version,
            NotBefore = notBefore ?? "2026-01-01T00:00:00Z",
            NotAfter = notAfter ?? "2027-01-01T00:00:00Z",
            DefaultAction = defaultAction,
        }.Circle("c1", "block", 40, 116, 100), Authority);

    public void Dispose() => _root.Dispose();
}
