using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace GeoFence.Zones.Bundles;

/// <summary>A public key from the unit's trust directory.</summary>
public sealed class TrustedKey
{
    private readonly AsymmetricKeyParameter? _sm2;
    private readonly ECDsa? _ecdsa;
    private readonly Lock _ecdsaLock = new();

    /// <summary>Creates a trusted key from SubjectPublicKeyInfo DER; throws <see cref="CryptographicException"/> when unusable.</summary>
    public TrustedKey(byte[] subjectPublicKeyInfoDer, string source)
    {
        ArgumentNullException.ThrowIfNull(subjectPublicKeyInfoDer);
        Source = source;
        Algorithm = KeyMaterial.AlgorithmOfPublicKey(subjectPublicKeyInfoDer);
        KeyId = KeyMaterial.KeyIdOf(subjectPublicKeyInfoDer);
        if (Algorithm == SignatureAlgorithm.Sm2Sm3)
        {
            _sm2 = Sm2Operations.ImportPublic(subjectPublicKeyInfoDer);
        }
        else
        {
            _ecdsa = ECDsa.Create();
            _ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfoDer, out _);
        }
    }

    /// <summary>Key id.</summary>
    public string KeyId { get; }

    /// <summary>Algorithm (from the key's curve).</summary>
    public SignatureAlgorithm Algorithm { get; }

    /// <summary>File the key came from.</summary>
    public string Source { get; }

    /// <summary>True when the DER signature over data verifies with this key.</summary>
    public bool Verify(byte[] data, byte[] signature)
    {
        if (_sm2 is not null)
        {
            return Sm2Operations.Verify(_sm2, data, signature);
        }

        try
        {
            lock (_ecdsaLock)
            {
                return _ecdsa!.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
