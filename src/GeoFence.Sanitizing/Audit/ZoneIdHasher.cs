using System.Security.Cryptography;
using System.Text;

namespace GeoFence.Sanitizing.Audit;

/// <summary>Keyed hash of an internal zone id for the audit: HMAC-SHA256 with the unit's audit key, first 16 bytes, hex.</summary>
internal sealed class ZoneIdHasher(ReadOnlySpan<byte> key)
{
    private const int CacheLimit = 4096;
    private readonly byte[] key = key.Length >= 16 ? key.ToArray() : throw new ArgumentException("audit key must be at least 16 bytes", nameof(key));
    private readonly Dictionary<string, string> cache = new(StringComparer.Ordinal);

    /// <summary>The zone id's keyed hash; remembered (a policy has a bounded number of zones; the cache is cleared past 4096).</summary>
    public string Hash(string zoneId)
    {
        if (cache.TryGetValue(zoneId, out var known))
        {
            return known;
        }

        if (cache.Count >= CacheLimit)
        {
            cache.Clear();
        }

        var hash = Compute(zoneId);
        cache[zoneId] = hash;
        return hash;
    }

    private string Compute(string zoneId)
    {
        var message = Encoding.UTF8.GetBytes("zone-id/v1\0" + zoneId);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, message, mac);
        return Convert.ToHexStringLower(mac[..16]);
    }
}
