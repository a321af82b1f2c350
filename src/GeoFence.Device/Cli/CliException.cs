namespace GeoFence.Device.Cli;

/// <summary>A failure the person at the terminal can act on: what, where, how to fix; printed as one line.</summary>
public sealed class CliException(string what, string where, string fix, int exitCode = CommandLine.RuntimeError) : Exception($"{what} ({where}): {fix}")
{
    /// <summary>The exit code the command returns.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>Prints the one line to standard error and returns the exit code.</summary>
    public int Report(string command)
    {
        Console.Error.WriteLine($"geofence-device {command}: {what} ({where}). Fix: {fix}");
        return ExitCode;
    }
}
