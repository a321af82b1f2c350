using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace GeoFence.Zones.Bundles;

/// <summary>Key ids and algorithm detection from DER key structures.</summary>
public static class KeyMaterial
{
    /// <summary>Key id: lower-case hex of the first 16 bytes of SHA-256 over the SubjectPublicKeyInfo DER.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> subjectPublicKeyInfoDer) =>
        Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfoDer)[..16]);

    /// <summary>The algorithm of an EC public key (by its named curve), or throws <see cref="CryptographicException"/>.</summary>
    public static SignatureAlgorithm AlgorithmOfPublicKey(byte[] subjectPublicKeyInfoDer)
    {
        try
        {
            var info = SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(subjectPublicKeyInfoDer));
            return AlgorithmOfCurve(info.Algorithm.Algorithm, info.Algorithm.Parameters);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            throw new CryptographicException("not a SubjectPublicKeyInfo", ex);
        }
    }

    /// <summary>The algorithm of a PKCS#8 EC private key (by its named curve), or throws <see cref="CryptographicException"/>.</summary>
    public static SignatureAlgorithm AlgorithmOfPrivateKey(byte[] pkcs8Der)
    {
        try
        {
            var info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(pkcs8Der));
            return AlgorithmOfCurve(info.PrivateKeyAlgorithm.Algorithm, info.PrivateKeyAlgorithm.Parameters);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
        {
            throw new CryptographicException("not a PKCS#8 private key", ex);
        }
    }

    /// <summary>Reads the single PEM block with the given label.</summary>
    public static byte[] ReadPem(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] != label)
        {
            throw new CryptographicException($"expected a PEM block '-----BEGIN {label}-----'");
        }

        return Convert.FromBase64String(pem[fields.Base64Data].ToString());
    }

    private static SignatureAlgorithm AlgorithmOfCurve(DerObjectIdentifier algorithm, Asn1Encodable? parameters)
    {
        if (!algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey) || parameters is not DerObjectIdentifier curve)
        {
            throw new CryptographicException("only EC keys on a named curve are supported (P-256 or SM2)");
        }

        if (curve.Equals(X9ObjectIdentifiers.Prime256v1))
        {
            return SignatureAlgorithm.EcdsaP256Sha256;
        }

        return curve.Equals(GMObjectIdentifiers.sm2p256v1)
            ? SignatureAlgorithm.Sm2Sm3
            : throw new CryptographicException($"curve {curve.Id} is not supported; use P-256 or SM2");
    }
}
