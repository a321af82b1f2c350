namespace GeoFence.Zones.Bundles;

/// <summary>Signature algorithms a bundle may carry.</summary>
public enum SignatureAlgorithm
{
    /// <summary>ECDSA over NIST P-256 with SHA-256, DER signature (System.Security.Cryptography).</summary>
    EcdsaP256Sha256 = 0,

    /// <summary>SM2 with SM3 (GB/T 32918, default user id), DER signature (BouncyCastle).</summary>
    Sm2Sm3 = 1,
}

/// <summary>Wire names of <see cref="SignatureAlgorithm"/>.</summary>
public static class SignatureAlgorithmNames
{
    /// <summary>Name of ECDSA P-256/SHA-256 in envelopes and on the CLI.</summary>
    public const string EcdsaP256 = "ecdsa-p256";

    /// <summary>Name of SM2/SM3 in envelopes and on the CLI.</summary>
    public const string Sm2 = "sm2";

    /// <summary>Wire name of an algorithm.</summary>
    public static string ToName(this SignatureAlgorithm algorithm) =>
        algorithm == SignatureAlgorithm.Sm2Sm3 ? Sm2 : EcdsaP256;

    /// <summary>Parses a wire name; false when unknown.</summary>
    public static bool TryParse(string? name, out SignatureAlgorithm algorithm)
    {
        algorithm = name == Sm2 ? SignatureAlgorithm.Sm2Sm3 : SignatureAlgorithm.EcdsaP256Sha256;
        return name is EcdsaP256 or Sm2;
    }
}
