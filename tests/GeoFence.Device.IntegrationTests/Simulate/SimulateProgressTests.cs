using System.Diagnostics;
using GeoFence.Device.Cli.Simulate;
using GeoFence.Device.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Simulate;

public sealed class SimulateProgressTests : IDisposable
{
    private const int LongDrive = 30_000; // epochs: long enough that the run outlasts ProgressBar.ShowAfter
    private readonly SimulateWorkspace work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task With_stderr_redirected_a_long_run_prints_no_progress()
    {
        var output = work.File("out");

        var result = await work.SimulateAsync(work.Drive(points: LongDrive), output);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(string.Empty, result.StandardError);
        Assert.DoesNotContain("fixes/s", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_a_terminal_a_long_run_draws_the_bar_and_ends_at_100_percent()
    {
        var output = work.File("out");
        var capture = work.Drive(points: LongDrive);
        var command = string.Join(' ', new[] { "dotnet", DeviceProcess.DllPath, "simulate", "--input", capture, "--bundle", work.Bundle, "--trust", work.Trust, "--out", output, "--min-date", "2000-01-01" }.Select(a => $"'{a}'"));

        var terminal = await RunUnderPtyAsync(command); // script(1): stdout and stderr of the command are a pty

        Assert.Contains("simulate [", terminal, StringComparison.Ordinal);
        Assert.Contains("fixes/s", terminal, StringComparison.Ordinal);
        Assert.Contains("ETA", terminal, StringComparison.Ordinal);
        Assert.Contains("100.0%", terminal, StringComparison.Ordinal);
        Assert.Contains("\r", terminal, StringComparison.Ordinal);
        Assert.Contains("report -> ", terminal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bar_waits_for_a_long_run_and_redraws_at_most_ten_times_a_second()
    {
        var time = new FakeTimeProvider();
        var text = new StringWriter();
        var bar = new ProgressBar(text, time, totalBytes: 1000, enabled: true);

        bar.Report(10, 1);
        time.Advance(TimeSpan.FromMilliseconds(200));
        bar.Report(20, 2);
        Assert.Equal(0, bar.Draws); // a short run stays quiet

        time.Advance(TimeSpan.FromMilliseconds(50));
        bar.Report(250, 25);
        Assert.Equal(1, bar.Draws);
        for (var i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(10)); // 1 s of reports every 10 ms
            bar.Report(250 + i, 25 + i);
        }

        Assert.InRange(bar.Draws, 10, 11);
        bar.Complete(500);
        Assert.EndsWith("\n", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("100.0%", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_bar_or_a_quick_run_writes_nothing()
    {
        var time = new FakeTimeProvider();
        var disabled = new StringWriter();
        var quiet = new StringWriter();
        var off = new ProgressBar(disabled, time, 1000, enabled: false);
        var quick = new ProgressBar(quiet, time, 1000, enabled: true);
        quick.Report(999, 5);
        time.Advance(TimeSpan.FromSeconds(5));
        off.Report(500, 10);
        off.Complete(10);
        quick.Complete(10);

        Assert.Equal(string.Empty, disabled.ToString());
        Assert.Equal(string.Empty, quiet.ToString());
    }

    [Fact]
    public void A_run_that_fails_midway_ends_the_bar_line_so_the_error_starts_on_its_own()
    {
        var time = new FakeTimeProvider();
        var text = new StringWriter();
        using (var bar = new ProgressBar(text, time, 1000, enabled: true))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            bar.Report(400, 40);
            Assert.DoesNotContain("\n", text.ToString(), StringComparison.Ordinal);
        }

        Assert.StartsWith("\rsimulate [", text.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("ETA 00:01\n", text.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1000, 0, 1.0, "simulate [..............................]   0.0%         0 fixes/s  ETA 00:00")]
    [InlineData(250, 1000, 500, 2.0, "simulate [########......................]  25.0%       250 fixes/s  ETA 00:06")]
    [InlineData(1000, 1000, 900, 3.0, "simulate [##############################] 100.0%       300 fixes/s  ETA 00:00")]
    [InlineData(5, 0, 0, 0.0, "simulate [##############################] 100.0%         0 fixes/s  ETA 00:00")]
    public void The_line_shows_percent_rate_and_eta(long read, long total, long fixes, double seconds, string expected) =>
        Assert.Equal(expected, ProgressBar.Format(read, total, fixes, TimeSpan.FromSeconds(seconds)));

    private static async Task<string> RunUnderPtyAsync(string command)
    {
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "-qefc", command, "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("script(1) did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(240));
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await output}{await error}");
        return await output;
    }
}
