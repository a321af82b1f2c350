using System.Security.Cryptography;
using System.Text;
using GeoFence.Zones.Hosting;

namespace GeoFence.Zones.Bundles;

/// <summary>
/// AES-256-GCM for files at rest. The device key (32 bytes) comes from a provisioned key file; a per-purpose key is
/// derived with HKDF-SHA256 so the bundle and the anti-rollback state never share a key. Layout: magic, nonce, tag, data.
/// </summary>
public sealed class AtRestCipher
{
    private static readonly byte[] Magic = "GFAR1"u8.ToArray();
    private readonly byte[] _deviceKey;

    /// <summary>Creates a cipher from the 32-byte device key.</summary>
    public AtRestCipher(ReadOnlySpan<byte> deviceKey)
    {
        if (deviceKey.Length != 32)
        {
            throw new BundleException(PolicyStatus.StorageError, "device key must be 32 bytes");
        }

        _deviceKey = deviceKey.ToArray();
    }

    /// <summary>Reads a device key file: 32 raw bytes, or 64 hex digits; throws <see cref="BundleException"/> (StorageError).</summary>
    public static AtRestCipher FromKeyFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new BundleException(PolicyStatus.StorageError, $"device key file {path} is missing; provision 32 random bytes (see docs/policy.md)");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 32)
        {
            return new AtRestCipher(bytes);
        }

        var text = Encoding.ASCII.GetString(bytes).Trim();
        return text.Length == 64 && text.All(Uri.IsHexDigit)
            ? new AtRestCipher(Convert.FromHexString(text))
            : throw new BundleException(PolicyStatus.StorageError, $"device key file {path} is neither 32 bytes nor 64 hex digits");
    }

    /// <summary>Encrypts for a purpose (the purpose is authenticated too).</summary>
    public byte[] Encrypt(string purpose, ReadOnlySpan<byte> plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var output = new byte[Magic.Length + 12 + 16 + plaintext.Length];
        Magic.CopyTo(output, 0);
        nonce.CopyTo(output, Magic.Length);
        using var aes = new AesGcm(KeyFor(purpose), 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(Magic.Length + 28), output.AsSpan(Magic.Length + 12, 16), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    /// <summary>Decrypts; throws <see cref="BundleException"/> (StorageError) when tampered or for another purpose/key.</summary>
    public byte[] Decrypt(string purpose, ReadOnlySpan<byte> data)
    {
        if (data.Length < Magic.Length + 28 || !data[..Magic.Length].SequenceEqual(Magic))
        {
            throw new BundleException(PolicyStatus.StorageError, $"{purpose} file is not an encrypted geofence file");
        }

        var plaintext = new byte[data.Length - Magic.Length - 28];
        try
        {
            using var aes = new AesGcm(KeyFor(purpose), 16);
            aes.Decrypt(data.Slice(Magic.Length, 12), data[(Magic.Length + 28)..], data.Slice(Magic.Length + 12, 16), plaintext, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new BundleException(PolicyStatus.StorageError, $"{purpose} file fails authentication (tampered, or another device key)");
        }

        return plaintext;
    }

    private byte[] KeyFor(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _deviceKey, 32, salt: "geofence-at-rest-v1"u8.ToArray(), info: Encoding.UTF8.GetBytes(purpose));
}
