using System.Security.Cryptography;

namespace GeoFence.Zones.Bundles;

/// <summary>Trusted public keys: every <c>*.pem</c> file holding a <c>PUBLIC KEY</c> block in the trust directory.</summary>
public sealed class TrustStore
{
    private readonly Dictionary<string, TrustedKey> _keys;

    private TrustStore(Dictionary<string, TrustedKey> keys)
    {
        _keys = keys;
    }

    /// <summary>Key ids present.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Loads the directory; throws <see cref="BundleException"/> (NoTrustedKeys) when it is missing, unreadable or empty.</summary>
    public static TrustStore Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new BundleException(Hosting.PolicyStatus.NoTrustedKeys, $"trust directory {directory} does not exist; provision it with the authority's public key PEM files");
        }

        var keys = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.pem").Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            if (info.Length > 64 * 1024)
            {
                continue;
            }

            var text = File.ReadAllText(file);
            if (!text.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
            {
                continue; // private keys and certificates are not trust anchors here
            }

            try
            {
                var key = new TrustedKey(KeyMaterial.ReadPem(text, "PUBLIC KEY"), file);
                keys.TryAdd(key.KeyId, key);
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                throw new BundleException(Hosting.PolicyStatus.NoTrustedKeys, $"{file}: not a usable P-256 or SM2 public key ({ex.Message}); replace or remove it");
            }
        }

        return keys.Count == 0
            ? throw new BundleException(Hosting.PolicyStatus.NoTrustedKeys, $"trust directory {directory} holds no PUBLIC KEY *.pem files; copy the authority's .pub.pem into it")
            : new TrustStore(keys);
    }

    /// <summary>The key with this id, if trusted.</summary>
    public TrustedKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);
}
