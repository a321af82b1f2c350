using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Cli;

/// <summary>README's run command: `geofence-device demo` on its embedded default.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_runs_to_completion_with_the_expected_counts_and_prints_no_position()
    {
        var result = await DeviceProcess.RunAsync("demo");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("epochs → fixes", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"epochs → fixes\s+61\b", result.StandardOutput);
        Assert.DoesNotMatch(@"\d+\.\d{4,}", result.StandardOutput);
    }
}
