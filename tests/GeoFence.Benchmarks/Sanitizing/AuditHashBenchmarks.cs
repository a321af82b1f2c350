using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using GeoFence.Sanitizing.Audit;

namespace GeoFence.Benchmarks.Sanitizing;

/// <summary>
/// The audit chain's per-entry hash of one line (about 250 bytes, as the unit writes), back to back: the platform's SHA-256
/// against the in-process one. Hot, OpenSSL wins (0.7 against 1.7 µs); in the unit, one entry every 50 ms with cold
/// caches, it was the other way round (docs/unit-benchmark.md, session 7): this row is the hot-loop bound only.
/// </summary>
[MemoryDiagnoser]
public class AuditHashBenchmarks
{
    private readonly byte[] line = Encoding.ASCII.GetBytes(
        "{\"n\":123456,\"time\":\"2026-11-29T16:00:00Z\",\"policy\":\"demo-policy\",\"version\":7,\"action\":\"allow\",\"zones\":[],"
        + "\"prev\":\"5f2c7e0b9a1d4c3e8f6a2b0d7c9e1f3a5b7d9e1c3a5f7b9d1e3c5a7f9b1d3e5c\",\"pad\":\"0123456789012345678901234\"}");
    private readonly byte[] digest = new byte[32];
    private IncrementalHash reused = null!;

    [GlobalSetup]
    public void Setup() => reused = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    [GlobalCleanup]
    public void Cleanup() => reused.Dispose();

    [Benchmark(Baseline = true, Description = "platform, reused IncrementalHash (before)")]
    public byte PlatformIncremental()
    {
        reused.AppendData(line);
        reused.GetHashAndReset(digest);
        return digest[0];
    }

    [Benchmark(Description = "platform, SHA256.HashData one-shot")]
    public byte PlatformOneShot()
    {
        SHA256.HashData(line, digest);
        return digest[0];
    }

    [Benchmark(Description = "LineSha256 (in-process)")]
    public byte InProcess()
    {
        LineSha256.Hash(line, digest);
        return digest[0];
    }
}
