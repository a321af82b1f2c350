using System.Text.Json;
using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Cli;

/// <summary>`geofence-device decode` as a person runs it: the real executable, real captures.</summary>
public sealed class DecodeCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_capture_decodes_to_one_json_line_per_distinct_epoch_time()
    {
        var result = await DeviceProcess.RunAsync("decode", "--input", Corpus.PathOf("ublox-f9p-hpnmea.log"), "--min-date", "2000-01-01");

        Assert.Equal(0, result.ExitCode);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var times = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("time").GetString()).ToList();
        Assert.NotEmpty(times);
        Assert.Equal(times.Count, times.Distinct().Count());
        Assert.Equal(ChkTpvTimes("ublox-f9p-hpnmea.log.chk").Count, times.Count);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("TPV", first.RootElement.GetProperty("class").GetString());
        Assert.Contains("fixes from file", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_prints_exactly_the_checksum_valid_sentences_of_a_clean_capture()
    {
        var path = Corpus.PathOf("ublox-f9p-hpnmea.log");
        var result = await DeviceProcess.RunAsync("decode", "--echo", "--input", path, "--min-date", "2000-01-01");

        Assert.Equal(0, result.ExitCode);
        var expected = File.ReadAllLines(path).Where(l => l.StartsWith('$') || l.StartsWith('!')).ToList();
        var echoed = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(expected, echoed);
    }

    [Fact]
    public async Task Standard_input_works_like_a_file()
    {
        var bytes = Corpus.Read("garmin15x.log");
        var fromFile = await DeviceProcess.RunAsync("decode", "--input", Corpus.PathOf("garmin15x.log"), "--min-date", "2000-01-01");
        var fromStdin = await DeviceProcess.RunAsync(Patience, bytes, "decode", "--input", "-", "--min-date", "2000-01-01");

        Assert.Equal(0, fromStdin.ExitCode);
        Assert.NotEmpty(fromFile.StandardOutput);
        Assert.Equal(fromFile.StandardOutput, fromStdin.StandardOutput);
    }

    [Fact]
    public async Task Garbage_only_input_is_counted_and_gives_no_fix_and_no_crash()
    {
        var garbage = new byte[64 * 1024];
        new Random(42).NextBytes(garbage);
        var result = await DeviceProcess.RunAsync(Patience, garbage, "decode", "--input", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardOutput);
        Assert.Contains("GarbageBytes", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "choose exactly one input", "decode")]
    [InlineData(2, "choose exactly one input", "decode", "--input", "a.log", "--tcp", "localhost:1")]
    [InlineData(2, "is not a serial speed", "decode", "--serial", "/dev/null", "--baud", "fast")]
    [InlineData(2, "is not HOST:PORT", "decode", "--tcp", "localhost")]
    [InlineData(2, "is not a date", "decode", "--input", "-", "--min-date", "yesterday")]
    [InlineData(1, "does not exist", "decode", "--input", "/nonexistent/capture.log")]
    [InlineData(2, "usage", "decode", "--no-such-option")]
    public async Task Each_error_prints_one_actionable_line_and_its_exit_code(int exitCode, string message, params string[] args)
    {
        var result = await DeviceProcess.RunAsync(args);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public async Task Help_shows_examples()
    {
        var result = await DeviceProcess.RunAsync("decode", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Examples:", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The distinct TPV times gpsd reported for a capture, from its .chk file.</summary>
    internal static List<string> ChkTpvTimes(string chk) =>
        File.ReadAllLines(Corpus.PathOf(chk))
            .Where(l => l.StartsWith("{\"class\":\"TPV\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("time", out _))
            .Select(e => e.GetProperty("time").GetString()!)
            .Distinct()
            .ToList();
}
