using GeoFence.Zones.Bundles;

namespace GeoFence.Fuzzing.Seeds;

/// <summary>
/// Signed bundles made at start: the seed documents signed by a trusted ECDSA P-256 key, one by a trusted SM2 key, one by
/// both; a trust directory holding the two public keys; and an untrusted key for re-signed mutants.
/// </summary>
public sealed class PolicySeeds : IDisposable
{
    private readonly string _directory;

    /// <summary>Generates the keys, signs the bundles and writes the trust directory under a new temporary directory.</summary>
    public PolicySeeds()
    {
        _directory = Directory.CreateTempSubdirectory("geofence-fuzz-").FullName;
        TrustDirectory = Path.Combine(_directory, "trust");
        Directory.CreateDirectory(TrustDirectory);
        Ecdsa = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);
        Sm2 = SigningKey.Generate(SignatureAlgorithm.Sm2Sm3);
        Untrusted = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);
        File.WriteAllText(Path.Combine(TrustDirectory, "authority.pub.pem"), Ecdsa.PublicKeyPem());
        File.WriteAllText(Path.Combine(TrustDirectory, "authority-sm2.pub.pem"), Sm2.PublicKeyPem());
        Trust = TrustStore.Load(TrustDirectory);
        var docs = PolicyDocuments.All;
        Bundles =
        [
            .. docs.Select(d => Sign(d, Ecdsa)),
            Sign(docs[0], Sm2),
            Sign(docs[1], Untrusted, Ecdsa),
        ];
    }

    /// <summary>Directory of trusted public keys.</summary>
    public string TrustDirectory { get; }

    /// <summary>The loaded trust store.</summary>
    public TrustStore Trust { get; }

    /// <summary>Trusted ECDSA P-256 authority key.</summary>
    public SigningKey Ecdsa { get; }

    /// <summary>Trusted SM2 authority key.</summary>
    public SigningKey Sm2 { get; }

    /// <summary>A key the unit does not trust.</summary>
    public SigningKey Untrusted { get; }

    /// <summary>The valid signed bundles (canonical bytes).</summary>
    public IReadOnlyList<byte[]> Bundles { get; }

    /// <summary>Signs a payload as a policy bundle and returns its canonical bytes.</summary>
    public static byte[] Sign(byte[] payload, params SigningKey[] keys) =>
        SignedEnvelope.Sign(SignedEnvelope.PolicyPayloadType, payload, keys).ToCanonicalBytes();

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}
