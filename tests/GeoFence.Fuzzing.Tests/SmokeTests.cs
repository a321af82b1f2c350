using System.Diagnostics;
using System.Globalization;
using GeoFence.Fuzzing.Campaign;
using GeoFence.Fuzzing.Seeds;
using Xunit.Abstractions;

namespace GeoFence.Fuzzing.Tests;

/// <summary>
/// CI smoke fuzzing with a fixed seed: one million GNSS inputs plus policy documents and signed bundles. Fails on any
/// finding that is not a known open one (regressions/*/open) and on a run that needs more than its budget of CPU time
/// (CPU, not wall time: the shared machine's load must not fail it; 2 CPU-minutes is under 2 minutes on one idle core);
/// prints inputs/s per target.
/// </summary>
public sealed class SmokeTests : IClassFixture<PolicySeedsFixture>
{
    private const int Seed = 20261129;
    private static readonly TimeSpan CpuBudget = TimeSpan.FromMinutes(2);
    private readonly PolicySeeds _seeds;
    private readonly ITestOutputHelper _output;

    public SmokeTests(PolicySeedsFixture fixture, ITestOutputHelper output)
    {
        _seeds = fixture.Seeds;
        _output = output;
    }

    [Fact]
    public void One_million_gnss_inputs_find_nothing_new()
    {
        var cpu = Cpu();
        var result = FuzzRun.Gnss(new GnssSeeds(GnssSeeds.DefaultDirectory), Seed, 1_000_000, null, Environment.ProcessorCount);
        Report(result, Cpu() - cpu);
        Assert.Equal(1_000_000, result.Inputs);
    }

    [Fact]
    public void Policy_documents_find_nothing_new()
    {
        var cpu = Cpu();
        var result = FuzzRun.Policy(Seed, 10_000, null, Environment.ProcessorCount);
        Report(result, Cpu() - cpu);
        Assert.Equal(10_000, result.Inputs);
    }

    [Fact]
    public void Signed_bundles_find_nothing_new_and_no_altered_bundle_verifies()
    {
        var cpu = Cpu();
        var result = FuzzRun.Bundle(_seeds, Seed, 10_000, null, Environment.ProcessorCount);
        Report(result, Cpu() - cpu);
        Assert.Equal(10_000, result.Inputs);
    }

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private void Report(FuzzResult result, TimeSpan cpu)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"fuzz smoke {result.Target}: {result.Inputs} inputs in {result.Elapsed.TotalSeconds:F1} s wall = {result.InputsPerSecond:F0} inputs/s; {cpu.TotalSeconds:F1} s CPU = {result.Inputs / cpu.TotalSeconds:F0} inputs per CPU-second; {result.Findings.Count} distinct findings {result.Note}");
        _output.WriteLine(line);
        Console.WriteLine(line);
        var open = KnownFindings.OpenSignatures();
        var fresh = result.Findings.Where(f => !open.Contains(f.Signature)).ToList();
        foreach (var finding in fresh)
        {
            _output.WriteLine($"{finding.Signature}\n{finding.Detail}\ninput hex: {Convert.ToHexString(finding.Input)} variant {finding.Variant:x8}");
        }

        Assert.True(fresh.Count == 0, $"{fresh.Count} new finding(s) in {result.Target}: {string.Join("; ", fresh.Select(f => f.Signature))} (run geofence-fuzz run --target {result.Target} --seed {Seed} to minimise and save them)");
        Assert.True(cpu < CpuBudget, $"{result.Target} smoke used {cpu} of CPU, over the {CpuBudget} budget");
    }
}
