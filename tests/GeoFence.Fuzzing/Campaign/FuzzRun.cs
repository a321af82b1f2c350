using System.Diagnostics;
using GeoFence.Fuzzing.Mutation;
using GeoFence.Fuzzing.Seeds;
using GeoFence.Fuzzing.Targets;

namespace GeoFence.Fuzzing.Campaign;

/// <summary>Outcome of fuzzing one target: inputs, time, rate and the distinct findings (one per signature, smallest input kept).</summary>
/// <param name="Target">Target name.</param>
/// <param name="Inputs">Inputs run.</param>
/// <param name="InputBytes">Bytes of all inputs.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Findings">Distinct findings.</param>
/// <param name="Note">Target-specific extra count, e.g. accepted re-signatured bundles.</param>
public sealed record FuzzResult(string Target, long Inputs, long InputBytes, TimeSpan Elapsed, IReadOnlyList<Finding> Findings, string Note)
{
    /// <summary>Inputs per second of wall time.</summary>
    public double InputsPerSecond => Inputs / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Runs one target over seeded mutants in <see cref="Shards"/> streams on up to <c>workers</c> threads. Stream w uses
/// seed <c>seed * 1000 + w</c> and its share of a fixed input count (deterministic), or runs until a deadline (long runs).
/// </summary>
public static class FuzzRun
{
    /// <summary>Input streams a run is split into (each with its own seed); more only when more workers are asked for.</summary>
    public const int Shards = 4;

    /// <summary>Fuzzes the GNSS decoder.</summary>
    public static FuzzResult Gnss(GnssSeeds seeds, int seed, long? inputs, TimeSpan? duration, int workers) =>
        Run("gnss", seed, inputs, duration, workers, w =>
        {
            var mutator = new Mutator(w, seeds.Pick, MutationFamilies.Gnss, 8192);
            var target = new GnssTarget();
            return () =>
            {
                var input = mutator.Next();
                return (input, target.Run(input));
            };
        }, () => string.Empty);

    /// <summary>Fuzzes unsigned policy documents (parse, validate, compile, decide).</summary>
    public static FuzzResult Policy(int seed, long? inputs, TimeSpan? duration, int workers) =>
        Run("policy", seed, inputs, duration, workers, w =>
        {
            var mutator = new Mutator(w, r => PolicyDocuments.All[r.Next(PolicyDocuments.All.Count)], MutationFamilies.Policy, 1 << 16);
            var target = new PolicyDocumentTarget();
            return () =>
            {
                var input = mutator.Next();
                return (input, target.Run(input));
            };
        }, () => string.Empty);

    /// <summary>Fuzzes signed bundles (envelope, canonical form, signatures, policy) against the seeds' trust store.</summary>
    public static FuzzResult Bundle(PolicySeeds seeds, int seed, long? inputs, TimeSpan? duration, int workers)
    {
        var targets = new List<BundleTarget>();
        return Run("bundle", seed, inputs, duration, workers, w =>
        {
            var mutants = new BundleMutants(seeds, w);
            var target = new BundleTarget(seeds);
            lock (targets)
            {
                targets.Add(target);
            }

            return () =>
            {
                var (input, kind) = mutants.Next();
                return (input, target.Run(input, kind));
            };
        }, () => $"{targets.Sum(t => t.AcceptedResignatured)} accepted with a seed payload under an edited signature list");
    }

    private static FuzzResult Run(string name, int seed, long? inputs, TimeSpan? duration, int workers,
        Func<int, Func<(byte[] Input, Finding? Finding)>> makeWorker, Func<string> note)
    {
        if (inputs is null && duration is null)
        {
            throw new ArgumentException("give an input count or a duration");
        }

        var findings = new Dictionary<string, Finding>(StringComparer.Ordinal);
        var total = 0L;
        var bytes = 0L;
        var clock = Stopwatch.StartNew();
        var deadline = duration ?? TimeSpan.MaxValue;
        // Fixed shards, so a seed gives the same inputs on any machine; workers only sets how many run at once.
        var shards = Math.Max(Shards, workers);
        Parallel.For(0, shards, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var next = makeWorker((seed * 1000) + w);
            var share = inputs is { } n ? (n / shards) + (w < n % shards ? 1 : 0) : long.MaxValue;
            var done = 0L;
            var size = 0L;
            while (done < share)
            {
                if ((done & 255) == 0 && clock.Elapsed >= deadline)
                {
                    break;
                }

                var (input, finding) = next();
                done++;
                size += input.Length;
                if (finding is not null)
                {
                    lock (findings)
                    {
                        if (!findings.TryGetValue(finding.Signature, out var known) || known.Input.Length > finding.Input.Length)
                        {
                            findings[finding.Signature] = finding;
                        }
                    }
                }
            }

            Interlocked.Add(ref total, done);
            Interlocked.Add(ref bytes, size);
        });

        return new FuzzResult(name, total, bytes, clock.Elapsed, [.. findings.Values.OrderBy(f => f.Signature, StringComparer.Ordinal)], note());
    }
}
