using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GeoFence.Gnss;
using GeoFence.Sanitizing;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Guard;
using GeoFence.Sanitizing.Nmea;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Secrets;

namespace GeoFence.Benchmarks.Sanitizing;

/// <summary>Cost per fix of the sanitiser (steady state: 30 s delay line, 1 Hz) and of building outgoing bytes.</summary>
[MemoryDiagnoser]
public class SanitizerBenchmarks
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 8, 0, 0, TimeSpan.Zero);
    private readonly SteppingClock clock = new();
    private readonly Verdict allow = new(VerdictAction.Allow, 0, false, [], "policy", 1);
    private readonly Verdict redact = new(VerdictAction.Redact, 500, false, [], "policy", 1);
    private readonly ArrayBufferWriterStream sink = new();
    private Sanitizer sanitizer = null!;
    private CompliantFix record = null!;
    private int i;

    [GlobalSetup]
    public void Setup()
    {
        clock.Now = Start;
        sanitizer = new Sanitizer(new OutputRules(), new HkdfUnitSecrets(new byte[32]), new CryptoGuardRandom(), new NoAudit(), clock);
        var warm = new Sanitizer(new OutputRules { Guard = new TrajectoryGuardRules { Delay = TimeSpan.Zero } }, new HkdfUnitSecrets(new byte[32]), new CryptoGuardRandom(), new NoAudit(), clock);
        record = warm.Process(Next(), allow)[0];
    }

    [Benchmark]
    public int ProcessAllow() => sanitizer.Process(Next(), allow).Count;

    [Benchmark]
    public int ProcessRedact() => sanitizer.Process(Next(), redact).Count;

    [Benchmark]
    public long Json()
    {
        sink.SetLength(0);
        using var writer = new Utf8JsonWriter(sink);
        CompliantFixJson.Write(writer, record);
        writer.Flush();
        return sink.Length;
    }

    [Benchmark]
    public int GgaAndRmc() => NmeaSynthesizer.Gga(record)!.Length + NmeaSynthesizer.Rmc(record)!.Length;

    private Fix Next()
    {
        i++;
        clock.Now = Start.AddSeconds(i);
        return new Fix
        {
            Time = clock.Now,
            Latitude = 30.5 + (i * 1e-6),
            Longitude = 114.3,
            AltitudeMsl = 40,
            Mode = FixMode.ThreeD,
            Quality = FixQuality.Gnss,
            SpeedMps = 1,
            CourseDeg = 0,
        };
    }

    private sealed class SteppingClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class NoAudit : IDecisionAudit
    {
        public void Record(in AuditDecision decision)
        {
        }
    }

    private sealed class ArrayBufferWriterStream : MemoryStream
    {
    }
}
