using System.Text.Json;
using System.Text.RegularExpressions;
using GeoFence.Device.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace GeoFence.Device.IntegrationTests.NativeAot;

/// <summary>
/// The NativeAOT executable the linux-x64/linux-arm64 packages ship (build.cake's Test target publishes it for this
/// machine and points <see cref="NativeAotExecutable.Variable"/> at it): it starts, its CLI is the JIT build's, and
/// the embedded demo makes the same decisions as the JIT build of the same commit.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class NativeAotSmokeTests(ITestOutputHelper log) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly TestDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [NativeAotFact]
    public void The_published_directory_is_a_native_executable_with_its_two_native_libraries_and_no_managed_assemblies()
    {
        var executable = NativeAotExecutable.Path;
        var directory = System.IO.Path.GetDirectoryName(executable)!;

        var header = new byte[4];
        using (var stream = File.OpenRead(executable))
        {
            stream.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header);
        Assert.True(File.Exists(System.IO.Path.Combine(directory, "libe_sqlite3.so")), "libe_sqlite3.so missing next to the executable");
        Assert.True(File.Exists(System.IO.Path.Combine(directory, "libSystem.IO.Ports.Native.so")), "libSystem.IO.Ports.Native.so missing");
        Assert.Empty(Directory.GetFiles(directory, "*.dll"));
        Assert.False(File.Exists(System.IO.Path.Combine(directory, "libclrjit.so")), "a JIT next to a NativeAOT executable");
        var megabytes = new FileInfo(executable).Length / 1e6;
        log.WriteLine($"NativeAOT executable: {megabytes:0.0} MB");
        Assert.InRange(megabytes, 5, 40); // the JIT single-file build with the runtime inside is ~85 MB
    }

    [NativeAotFact]
    public async Task Version_and_help_start_and_print_what_the_jit_build_prints()
    {
        var executable = NativeAotExecutable.Path;
        foreach (var args in new[] { new[] { "--version" }, ["--help"], ["selftest", "--help"], ["policy", "--help"] })
        {
            var aot = await NativeAotExecutable.RunAsync(executable, Timeout, args);
            var jit = await DeviceProcess.RunAsync(args);

            Assert.True(aot.ExitCode == 0, $"{string.Join(' ', args)}: exit {aot.ExitCode}; {aot.StandardError}");
            Assert.Equal(jit.ExitCode, aot.ExitCode);
            Assert.False(string.IsNullOrWhiteSpace(aot.StandardOutput));
            Assert.Equal(jit.StandardOutput, aot.StandardOutput);
            Assert.Equal("", aot.StandardError);
            log.WriteLine($"{string.Join(' ', args)}: {aot.Elapsed.TotalMilliseconds:0} ms");
        }
    }

    [NativeAotFact]
    public async Task A_bad_command_line_fails_as_in_the_jit_build()
    {
        var executable = NativeAotExecutable.Path;
        foreach (var args in new[] { new[] { "no-such-command" }, ["policy", "verify", dir.File("missing.bundle")], ["demo", "--no-such-option"] })
        {
            var aot = await NativeAotExecutable.RunAsync(executable, Timeout, args);
            var jit = await DeviceProcess.RunAsync(args);

            Assert.NotEqual(0, aot.ExitCode);
            Assert.False(string.IsNullOrWhiteSpace(aot.StandardError), $"{string.Join(' ', args)}: no message on standard error");
            Assert.Equal(jit.ExitCode, aot.ExitCode);
            Assert.Equal(jit.StandardError, aot.StandardError);
        }
    }

    [NativeAotFact]
    public async Task The_demo_forwards_and_decides_exactly_as_the_jit_build_and_stays_within_the_memory_target()
    {
        var aotReport = dir.File("aot");
        var jitReport = dir.File("jit");

        var aot = await NativeAotExecutable.RunAsync(NativeAotExecutable.Path, Timeout, "demo", "--out", aotReport);
        var jit = await DeviceProcess.RunAsync(Timeout, null, "demo", "--out", jitReport);

        Assert.True(aot.ExitCode == 0, aot.StandardOutput + aot.StandardError);
        Assert.True(jit.ExitCode == 0, jit.StandardOutput + jit.StandardError);
        Assert.Matches(@"epochs decided\s+561\s+allowed 477, redacted 42, blocked 42", aot.StandardOutput);
        var acknowledged = int.Parse(Acknowledged().Match(aot.StandardOutput).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(acknowledged > 200, $"only {acknowledged} records acknowledged");
        Assert.Matches($@"received\s+{acknowledged}\b", aot.StandardOutput);
        Assert.Contains("Every published record arrived", aot.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d+\.\d{4,}", aot.StandardOutput + aot.StandardError);
        Assert.Equal(acknowledged, File.ReadAllLines(System.IO.Path.Combine(aotReport, "forwarded.jsonl")).Length);
        Assert.True(File.Exists(System.IO.Path.Combine(aotReport, "report.html")), "no report.html");

        // Every count that does not depend on the trajectory guard's random approach distances is the JIT build's.
        using var aotSummary = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(aotReport, "summary.json")));
        using var jitSummary = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(jitReport, "summary.json")));
        Assert.Equal(Deterministic(jitSummary.RootElement), Deterministic(aotSummary.RootElement));
        Assert.Equal(Guarded(jitSummary.RootElement), Guarded(aotSummary.RootElement));
        Assert.True(aotSummary.RootElement.GetProperty("forwarded").GetInt64() > 0);

        var rssMegabytes = aot.PeakRssKiB / 1024.0;
        log.WriteLine($"demo: NativeAOT {aot.Elapsed.TotalSeconds:0.00} s, peak RSS (sampled) {rssMegabytes:0.0} MiB; JIT (dotnet geofence-device.dll) exit {jit.ExitCode}");
        Assert.True(aot.PeakRssKiB > 0, "no RSS sample was read while the demo ran");
        Assert.True(rssMegabytes <= DemoRssCeilingMiB, $"NativeAOT demo peak RSS {rssMegabytes:0.0} MiB > {DemoRssCeilingMiB} MiB");
    }

    /// <summary>
    /// The demo is the unit plus an in-process TLS broker and consumer, so it needs more than the service's 50 MB
    /// target (issue #7); the ceiling still fails the JIT build's runtime footprint.
    /// </summary>
    private const double DemoRssCeilingMiB = 70;

    private static string Deterministic(JsonElement summary)
    {
        var sanitizer = summary.GetProperty("sanitizer");
        return string.Join(" | ",
            summary.GetProperty("epochs").GetRawText(),
            summary.GetProperty("fixes").GetRawText(),
            summary.GetProperty("actions").GetRawText(),
            summary.GetProperty("reasons").GetRawText(),
            sanitizer.GetProperty("invalid").GetRawText(),
            sanitizer.GetProperty("blocked").GetRawText(),
            sanitizer.GetProperty("suppressedClearance").GetRawText(),
            sanitizer.GetProperty("droppedAtEnd").GetRawText(),
            summary.GetProperty("noPolicy").GetRawText(),
            summary.GetProperty("rulesRejected").GetRawText(),
            summary.GetProperty("decoderDrops").GetRawText());
    }

    /// <summary>Forwarded plus held back on the approach: constant, though each part varies with the random distances.</summary>
    private static long Guarded(JsonElement summary) =>
        summary.GetProperty("forwarded").GetInt64() + summary.GetProperty("sanitizer").GetProperty("suppressedApproach").GetInt64();

    [GeneratedRegex(@"acknowledged\s+(\d+)")]
    private static partial Regex Acknowledged();
}
