using System.Buffers.Binary;
using System.Numerics;

namespace GeoFence.Sanitizing.Audit;

/// <summary>
/// SHA-256 (FIPS 180-4, section 6.2) of one buffer, computed in managed code for the audit's hash chain. In the unit (one
/// 250-byte entry every 50 ms, cold caches) the platform's hash (OpenSSL through IncrementalHash) cost 20–30 µs an entry,
/// about 5 % of the agent's CPU samples, nearly all of it the provider's per-call path (digest reset, error queue, init
/// checks), not the compression; this does the five compressions and nothing else (back to back it is slower: 1.7
/// against 0.7 µs, AuditHashBenchmarks). The verifier (<see cref="AuditChain.HashOf"/>, `audit verify`) keeps the
/// platform's SHA-256, so a difference between the two would show as a broken chain; the tests compare both over
/// thousands of random lengths and the standard's test vectors.
/// </summary>
internal static class LineSha256
{
    /// <summary>Bytes in a digest.</summary>
    public const int DigestBytes = 32;

    private const int BlockBytes = 64;

    /// <summary>Writes the SHA-256 of <paramref name="data"/> into the first 32 bytes of <paramref name="digest"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        if (digest.Length < DigestBytes)
        {
            throw new ArgumentException("a SHA-256 digest needs 32 bytes", nameof(digest));
        }

        Span<uint> state = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
        Span<uint> schedule = stackalloc uint[64];
        var whole = data.Length - (data.Length % BlockBytes);
        for (var offset = 0; offset < whole; offset += BlockBytes)
        {
            Compress(state, data.Slice(offset, BlockBytes), schedule);
        }

        // padding: 0x80, zeros, the message length in bits as a big-endian 64-bit number; one block or two
        Span<byte> tail = stackalloc byte[2 * BlockBytes];
        tail.Clear();
        var rest = data.Length - whole;
        data[whole..].CopyTo(tail);
        tail[rest] = 0x80;
        var tailLength = rest + 1 + sizeof(ulong) <= BlockBytes ? BlockBytes : 2 * BlockBytes;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - sizeof(ulong))..], (ulong)data.Length * 8);
        for (var offset = 0; offset < tailLength; offset += BlockBytes)
        {
            Compress(state, tail.Slice(offset, BlockBytes), schedule);
        }

        for (var i = 0; i < state.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest[(i * 4)..], state[i]);
        }
    }

    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block, Span<uint> w)
    {
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        }

        for (var t = 16; t < 64; t++)
        {
            var s0 = BitOperations.RotateRight(w[t - 15], 7) ^ BitOperations.RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
            var s1 = BitOperations.RotateRight(w[t - 2], 17) ^ BitOperations.RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]);
        var k = RoundConstants;
        for (var t = 0; t < 64; t++)
        {
            var sum1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
            var choose = (e & f) ^ (~e & g);
            var t1 = h + sum1 + choose + k[t] + w[t];
            var sum0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
            var majority = (a & b) ^ (a & c) ^ (b & c);
            (h, g, f, e, d, c, b, a) = (g, f, e, d + t1, c, b, a, t1 + sum0 + majority);
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }

    // the first 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4, 4.2.2)
    private static ReadOnlySpan<uint> RoundConstants =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];
}
