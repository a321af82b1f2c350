using System.Text.RegularExpressions;
using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Cli;

/// <summary>README's run command: `geofence-device demo` on its embedded default.</summary>
public sealed partial class DemoCommandTests : IDisposable
{
    private readonly TestDirectory dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Demo_runs_the_whole_unit_over_tls_with_the_expected_counts_prints_no_position_and_writes_the_report()
    {
        var output = dir.File("report");

        var result = await DeviceProcess.RunAsync(TimeSpan.FromSeconds(120), null, "demo", "--out", output);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Matches(@"epochs decided\s+561\s+allowed 477, redacted 42, blocked 42", result.StandardOutput);
        var acknowledged = int.Parse(Count().Match(result.StandardOutput).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches($@"received\s+{acknowledged}\b", result.StandardOutput);
        Assert.True(acknowledged > 200, $"only {acknowledged} records acknowledged");
        Assert.Contains("Every published record arrived", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d+\.\d{4,}", result.StandardOutput + result.StandardError);

        var forwarded = File.ReadAllLines(Path.Combine(output, "forwarded.jsonl"));
        Assert.Equal(acknowledged, forwarded.Length);
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains(Path.Combine(output, "report.html"), result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(forwarded.Count(l => l.Contains("\"level\":\"precise\"", StringComparison.Ordinal)), Regex.Count(html, "class=\"pt allowed\""));
        Assert.Equal(forwarded.Count(l => l.Contains("\"level\":\"redacted\"", StringComparison.Ordinal)), Regex.Count(html, "class=\"pt redacted\""));
        Assert.Contains("class=\"zone block", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"acknowledged\s+(\d+)")]
    private static partial Regex Count();
}
