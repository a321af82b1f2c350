using System.Security.Cryptography;

namespace GeoFence.Zones.Bundles;

/// <summary>A private signing key (PKCS#8 PEM) of either algorithm, with its public key and key id.</summary>
public sealed class SigningKey
{
    private readonly byte[] _pkcs8;

    private SigningKey(SignatureAlgorithm algorithm, byte[] pkcs8, byte[] spki)
    {
        Algorithm = algorithm;
        _pkcs8 = pkcs8;
        SubjectPublicKeyInfo = spki;
        KeyId = KeyMaterial.KeyIdOf(spki);
    }

    /// <summary>The algorithm.</summary>
    public SignatureAlgorithm Algorithm { get; }

    /// <summary>DER SubjectPublicKeyInfo of the matching public key.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>Key id (see <see cref="KeyMaterial.KeyIdOf"/>).</summary>
    public string KeyId { get; }

    /// <summary>Generates a fresh key.</summary>
    public static SigningKey Generate(SignatureAlgorithm algorithm)
    {
        if (algorithm == SignatureAlgorithm.Sm2Sm3)
        {
            var (pkcs8, spki) = Sm2Operations.Generate();
            return new SigningKey(algorithm, pkcs8, spki);
        }

        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SigningKey(algorithm, ecdsa.ExportPkcs8PrivateKey(), ecdsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Reads a PKCS#8 <c>PRIVATE KEY</c> PEM; throws <see cref="CryptographicException"/> when unusable.</summary>
    public static SigningKey FromPem(string pem)
    {
        var pkcs8 = KeyMaterial.ReadPem(pem, "PRIVATE KEY");
        var algorithm = KeyMaterial.AlgorithmOfPrivateKey(pkcs8);
        if (algorithm == SignatureAlgorithm.Sm2Sm3)
        {
            return new SigningKey(algorithm, pkcs8, Sm2Operations.PublicKeyOf(pkcs8));
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return new SigningKey(algorithm, pkcs8, ecdsa.ExportSubjectPublicKeyInfo());
    }

    /// <summary>PKCS#8 PEM of the private key (keep it secret: mode 0600).</summary>
    public string PrivateKeyPem() => PemEncoding.WriteString("PRIVATE KEY", _pkcs8);

    /// <summary>SubjectPublicKeyInfo PEM of the public key (goes into units' trust directories).</summary>
    public string PublicKeyPem() => PemEncoding.WriteString("PUBLIC KEY", SubjectPublicKeyInfo);

    /// <summary>Signs data; DER-encoded signature.</summary>
    public byte[] Sign(byte[] data)
    {
        if (Algorithm == SignatureAlgorithm.Sm2Sm3)
        {
            return Sm2Operations.Sign(_pkcs8, data);
        }

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(_pkcs8, out _);
        return ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
