using System.Security.Cryptography;

namespace GeoFence.Sanitizing.Secrets;

/// <summary>Unit secrets derived from one device key by HKDF-SHA256, one label per purpose.</summary>
public sealed class HkdfUnitSecrets : IUnitSecrets
{
    private static readonly byte[] Salt = "GeoFence.Device unit secrets v1"u8.ToArray();
    private readonly byte[] gridOffsetKey;
    private readonly byte[] auditKey;

    /// <summary>Derives the keys from a device key of at least 32 bytes.</summary>
    public HkdfUnitSecrets(ReadOnlySpan<byte> deviceKey)
    {
        if (deviceKey.Length < 32)
        {
            throw new ArgumentException("device key must be at least 32 bytes", nameof(deviceKey));
        }

        gridOffsetKey = Derive(deviceKey, "grid-offset"u8);
        auditKey = Derive(deviceKey, "audit-zone-hmac"u8);
    }

    /// <inheritdoc />
    public ReadOnlySpan<byte> GridOffsetKey => gridOffsetKey;

    /// <inheritdoc />
    public ReadOnlySpan<byte> AuditKey => auditKey;

    private static byte[] Derive(ReadOnlySpan<byte> deviceKey, ReadOnlySpan<byte> label)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, deviceKey, key, Salt, label);
        return key;
    }
}
