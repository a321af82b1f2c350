using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GeoFence.Fuzzing.Campaign;
using GeoFence.Fuzzing.Seeds;
using GeoFence.Fuzzing.Targets;

namespace GeoFence.Fuzzing;

/// <summary>
/// <c>geofence-fuzz run [--target gnss|policy|bundle|all] [--minutes M|--seconds S|--inputs N] [--seed N] [--workers W] [--findings DIR]</c>,
/// <c>geofence-fuzz replay [--target T] FILE...</c>, <c>geofence-fuzz seeds DIR</c> (AFL seed corpus), <c>geofence-fuzz afl --target T</c> (under afl-fuzz).
/// </summary>
public static class FuzzCommand
{
    /// <summary>Entry point; exit code 0 = no findings, 1 = findings, 2 = usage error.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return args.FirstOrDefault() switch
            {
                "run" => Run(new Arguments(args[1..])),
                "replay" => Replay(args[1..]),
                "seeds" when args.Length == 2 => WriteSeeds(args[1]),
                "afl" => AflEntry.Run(new Arguments(args[1..]).Get("target", "gnss")),
                _ => Usage(),
            };
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return Usage();
        }
    }

    private static int Run(Arguments a)
    {
        var seed = a.Count("seed", 1);
        var workers = a.Count("workers", Environment.ProcessorCount);
        long? inputs = a.Has("inputs") ? a.Amount("inputs", 0) : null;
        TimeSpan? duration = a.Has("minutes") ? TimeSpan.FromMinutes(a.Measure("minutes", 0))
            : a.Has("seconds") ? TimeSpan.FromSeconds(a.Measure("seconds", 0))
            : inputs is null ? TimeSpan.FromSeconds(60) : null;
        var target = a.Get("target", "all");
        var findingsDirectory = a.Get("findings", "findings");
        var targets = target == "all" ? ["gnss", "policy", "bundle"] : new[] { target };
        var share = duration is { } d ? d / targets.Length : (TimeSpan?)null;
        Console.WriteLine($"geofence-fuzz: seed {seed}, {workers} workers, {(inputs is { } n ? $"{n} inputs" : $"{share!.Value.TotalSeconds:F0} s")} per target");
        var found = 0;
        using var policySeeds = targets.Contains("bundle") ? new PolicySeeds() : null;
        foreach (var name in targets)
        {
            var result = name switch
            {
                "gnss" => FuzzRun.Gnss(new GnssSeeds(GnssSeeds.DefaultDirectory), seed, inputs, share, workers),
                "policy" => FuzzRun.Policy(seed, inputs, share, workers),
                "bundle" => FuzzRun.Bundle(policySeeds!, seed, inputs, share, workers),
                _ => throw new ArgumentException($"unknown target '{name}'"),
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Target}: {result.Inputs} inputs ({result.InputBytes / 1e6:F1} MB) in {result.Elapsed.TotalSeconds:F1} s = {result.InputsPerSecond:F0} inputs/s; {result.Findings.Count} distinct findings {result.Note}"));
            foreach (var finding in result.Findings)
            {
                var minimal = Minimizer.Minimize(TargetFor(name, policySeeds), finding);
                var path = Save(findingsDirectory, minimal);
                Console.WriteLine($"  {minimal.Signature}\n    {minimal.Input.Length} bytes (from {finding.Input.Length}) -> {path}");
                found++;
            }
        }

        return found == 0 ? 0 : 1;
    }

    private static int Replay(string[] args)
    {
        // "--target T" replays foreign files (afl-fuzz crashes) with T and each input's own variant.
        var forced = args.Length >= 2 && args[0] == "--target" ? args[1] : null;
        var files = forced is null ? args : args[2..];
        using var policySeeds = files.Any(f => (forced ?? Path.GetFileName(f)).StartsWith("bundle", StringComparison.Ordinal)) ? new PolicySeeds() : null;
        var failures = 0;
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            var (name, variant) = forced is null ? RegressionName.Parse(file) : (forced, InputHash.Of(input));
            var finding = TargetFor(name, policySeeds).Run(input, variant);
            Console.WriteLine(finding is null ? $"{file}: ok" : $"{file}: {finding.Signature}\n{finding.Detail}");
            failures += finding is null ? 0 : 1;
        }

        return failures == 0 ? 0 : 1;
    }

    private static int WriteSeeds(string directory)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(1);
        var gnss = new GnssSeeds(GnssSeeds.DefaultDirectory);
        for (var i = 0; i < 64; i++)
        {
            File.WriteAllBytes(Path.Combine(directory, $"gnss-{i:D3}.bin"), gnss.Pick(random));
        }

        for (var i = 0; i < PolicyDocuments.All.Count; i++)
        {
            File.WriteAllBytes(Path.Combine(directory, $"policy-{i}.json"), PolicyDocuments.All[i]);
        }

        Console.WriteLine($"wrote 64 GNSS windows and {PolicyDocuments.All.Count} policy documents to {directory}");
        return 0;
    }

    /// <summary>A fresh target by name (bundle needs the seeds whose trust store it checks against).</summary>
    public static IFuzzTarget TargetFor(string name, PolicySeeds? seeds) => name switch
    {
        "gnss" => new GnssTarget(),
        "policy" => new PolicyDocumentTarget(),
        "bundle" => new BundleTarget(seeds ?? throw new ArgumentException("bundle target needs seeds")),
        _ => throw new ArgumentException($"unknown target '{name}' (gnss, policy, bundle)"),
    };

    private static string Save(string directory, Finding finding)
    {
        Directory.CreateDirectory(directory);
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(finding.Signature)))[..12];
        var path = Path.Combine(directory, RegressionName.Format(finding.Target, finding.Variant, id));
        File.WriteAllBytes(path, finding.Input);
        File.WriteAllText(Path.ChangeExtension(path, ".txt"), $"{finding.Signature}\n\n{finding.Detail}\n\ninput hex: {Convert.ToHexString(finding.Input)}\n");
        return path;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage: geofence-fuzz run [--target gnss|policy|bundle|all] [--minutes M | --seconds S | --inputs N] [--seed N] [--workers W] [--findings DIR]
                   geofence-fuzz replay FILE...        (file names start with the target: gnss-*, policy-*, bundle-*)
                   geofence-fuzz replay --target T FILE...   (any file, e.g. afl-fuzz crashes)
                   geofence-fuzz seeds DIR             (seed corpus for afl-fuzz)
                   geofence-fuzz afl --target gnss|policy   (run under afl-fuzz; see docs/fuzzing.md)
            """);
        return 2;
    }
}
