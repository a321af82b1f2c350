using System.Diagnostics;
using System.Globalization;

namespace GeoFence.Benchmarks.Gnss;

/// <summary>
/// The GNSS decode benchmark's three methods run in alternation, one call each per round, so that a machine whose
/// speed drifts (a shared VM) slows ours and the peers alike; the figure is the median of the per-round ratios.
/// A supplement to the BenchmarkDotNet run (which measures each method in its own block of time), not a replacement.
/// </summary>
internal static class PairedGnssRounds
{
    /// <summary>Warms every method, runs <paramref name="rounds"/> rounds and prints the medians and ratios.</summary>
    public static void Run(TextWriter output, int rounds)
    {
        var bench = new GnssDecodeBenchmarks();
        bench.Setup();
        (string Name, Func<int> Run)[] methods =
        [
            ("ours", bench.GeoFenceGnss),
            ("Iot from the same bytes", bench.IotNmea0183FromBytes),
            ("Iot pre-split", bench.IotNmea0183),
        ];
        for (var warm = 0; warm < 5; warm++)
        {
            foreach (var method in methods)
            {
                method.Run();
            }
        }

        var times = methods.Select(_ => new List<double>()).ToArray();
        var ratios = new[] { new List<double>(), new List<double>() };
        for (var round = 0; round < rounds; round++)
        {
            for (var m = 0; m < methods.Length; m++)
            {
                var start = Stopwatch.GetTimestamp();
                methods[m].Run();
                times[m].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            ratios[0].Add(times[1][^1] / times[0][^1]);
            ratios[1].Add(times[2][^1] / times[0][^1]);
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine($"paired GNSS decode rounds: {rounds}, {bench.Sentences} sentences per call, load {File.ReadAllText("/proc/loadavg").Trim()}");
        for (var m = 0; m < methods.Length; m++)
        {
            output.WriteLine(string.Create(inv, $"  {methods[m].Name}: median {Median(times[m]):F1} ms, min {times[m].Min():F1} ms"));
        }

        output.WriteLine(string.Create(inv, $"  per-round ratio, median (min..max): same bytes {Median(ratios[0]):F2}× ({ratios[0].Min():F2}..{ratios[0].Max():F2}), pre-split {Median(ratios[1]):F2}× ({ratios[1].Min():F2}..{ratios[1].Max():F2})"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
