using System.Security.Cryptography;

namespace GeoFence.Sanitizing.Audit;

/// <summary>The hash-chain rules shared by the writer and the verifier.</summary>
public static class AuditChain
{
    /// <summary>The `prev` of the very first entry: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Longest accepted entry line in bytes (bounded reading).</summary>
    public const int MaxLineBytes = 16 * 1024;

    /// <summary>SHA-256 of an entry line's exact bytes (without the newline), lower-case hex.</summary>
    public static string HashOf(ReadOnlySpan<byte> line) => Convert.ToHexStringLower(SHA256.HashData(line));
}
