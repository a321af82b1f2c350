using System.Diagnostics;
using System.Globalization;

namespace GeoFence.Device.IntegrationTests.NativeAot;

/// <summary>Runs the published NativeAOT geofence-device named by <see cref="Variable"/>, sampling its peak RSS.</summary>
public static class NativeAotExecutable
{
    /// <summary>Environment variable holding the full path of the published NativeAOT executable.</summary>
    public const string Variable = "GEOFENCE_AOT_EXECUTABLE";

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Outcome of one run; <paramref name="PeakRssKiB"/> is the last VmHWM read before exit (a lower bound of the true peak).</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError, long PeakRssKiB, TimeSpan Elapsed);

    /// <summary>The executable's path; fails (not skips) when the variable is set but names no executable file.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public static string Path
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(Variable) ?? throw new InvalidOperationException($"{Variable} is not set");
            Assert.True(File.Exists(path), $"{Variable}={path}: no such file (was the NativeAOT publish run?)");
            Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{path} is not executable");
            return path;
        }
    }

    /// <summary>Runs <paramref name="executable"/> to completion (killed after <paramref name="timeout"/>).</summary>
    public static async Task<Result> RunAsync(string executable, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        long peak = 0;
        while (!exited.IsCompleted && !cts.IsCancellationRequested)
        {
            peak = Math.Max(peak, ReadPeakRssKiB(process.Id)); // sampling, not synchronisation: the loop ends on exit
            await Task.WhenAny(exited, Task.Delay(SampleInterval, CancellationToken.None));
        }

        if (!exited.IsCompleted)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} {string.Join(' ', args)} did not finish in {timeout}; stderr: {await stderr}");
        }

        await exited;
        return new Result(process.ExitCode, await stdout, await stderr, peak, clock.Elapsed);
    }

    /// <summary>VmHWM of a live process in KiB; 0 once it has exited (its status no longer has the line).</summary>
    private static long ReadPeakRssKiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }
}
