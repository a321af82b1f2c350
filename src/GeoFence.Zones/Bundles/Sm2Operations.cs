using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace GeoFence.Zones.Bundles;

/// <summary>SM2/SM3 (GB/T 32918) through BouncyCastle: key generation, signing, verification. Default user id.</summary>
internal static class Sm2Operations
{
    public static (byte[] Pkcs8, byte[] Spki) Generate()
    {
        var generator = new ECKeyPairGenerator("EC");
        generator.Init(new ECKeyGenerationParameters(GMObjectIdentifiers.sm2p256v1, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        return (PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded(),
            SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded());
    }

    public static byte[] Sign(byte[] pkcs8, byte[] data)
    {
        var key = PrivateKeyFactory.CreateKey(pkcs8);
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithRandom(key, new SecureRandom()));
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }

    public static byte[] PublicKeyOf(byte[] pkcs8)
    {
        var key = (ECPrivateKeyParameters)PrivateKeyFactory.CreateKey(pkcs8);
        var q = key.Parameters.G.Multiply(key.D).Normalize();
        return SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(new ECPublicKeyParameters(q, key.Parameters)).GetDerEncoded();
    }

    public static bool Verify(AsymmetricKeyParameter publicKey, byte[] data, byte[] signature)
    {
        var verifier = new SM2Signer();
        verifier.Init(false, publicKey);
        verifier.BlockUpdate(data, 0, data.Length);
        try
        {
            return verifier.VerifySignature(signature);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or InvalidCastException)
        {
            return false;
        }
    }

    public static AsymmetricKeyParameter ImportPublic(byte[] spki) => PublicKeyFactory.CreateKey(spki);
}
