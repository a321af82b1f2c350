namespace GeoFence.Zones.Hosting;

/// <summary>Why the unit has no usable policy (fail closed), or <see cref="Usable"/>.</summary>
public enum PolicyStatus
{
    /// <summary>A verified, current policy is in force.</summary>
    Usable = 0,

    /// <summary>No bundle installed yet.</summary>
    NoBundle,

    /// <summary>The trust directory is missing or holds no usable public key.</summary>
    NoTrustedKeys,

    /// <summary>The bundle is malformed or not in canonical form.</summary>
    MalformedBundle,

    /// <summary>No signature verifies with a trusted key (wrong key, tampered bundle).</summary>
    BadSignature,

    /// <summary>No signature carries a key id found in the trust directory.</summary>
    UnknownKeyId,

    /// <summary>The policy inside the bundle doesn't parse or compile.</summary>
    InvalidPolicy,

    /// <summary>The policy's validity window has not started.</summary>
    NotYetValid,

    /// <summary>The policy's validity window has ended.</summary>
    Expired,

    /// <summary>The version is not above the last accepted version.</summary>
    Rollback,

    /// <summary>The at-rest bundle or the anti-rollback state can't be decrypted or read.</summary>
    StorageError,
}
