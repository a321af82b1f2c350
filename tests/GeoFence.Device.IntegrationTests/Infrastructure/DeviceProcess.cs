using System.Diagnostics;

namespace GeoFence.Device.IntegrationTests.Infrastructure;

/// <summary>Runs the real geofence-device executable (built next to the tests) as a child process.</summary>
public static class DeviceProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "geofence-device.dll");

    /// <summary>Starts the agent; the caller owns the process.</summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start geofence-device");
    }

    /// <summary>Runs to completion (killed after <paramref name="timeout"/>), optionally feeding standard input.</summary>
    public static async Task<Result> RunAsync(TimeSpan timeout, byte[]? standardInput, params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"geofence-device {string.Join(' ', args)} did not finish in {timeout}; stderr: {await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(TimeSpan.FromSeconds(60), null, args);
}
