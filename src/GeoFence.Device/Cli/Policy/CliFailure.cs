namespace GeoFence.Device.Cli.Policy;

/// <summary>A CLI failure: one line (what, where, how to fix) and an exit code (2 usage, 1 runtime).</summary>
internal sealed class CliFailure : Exception
{
    /// <summary>Exit code for usage errors.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Exit code for runtime errors.</summary>
    public const int RuntimeExitCode = 1;

    /// <summary>Creates a failure.</summary>
    public CliFailure(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>Creates a runtime failure.</summary>
    public CliFailure()
        : this(RuntimeExitCode, "failed")
    {
    }

    /// <summary>Creates a runtime failure with a message.</summary>
    public CliFailure(string message)
        : this(RuntimeExitCode, message)
    {
    }

    /// <summary>Creates a runtime failure wrapping another exception.</summary>
    public CliFailure(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = RuntimeExitCode;
    }

    /// <summary>Process exit code.</summary>
    public int ExitCode { get; }

    /// <summary>A usage error (exit 2).</summary>
    public static CliFailure Usage(string message) => new(UsageExitCode, message);

    /// <summary>A runtime error (exit 1).</summary>
    public static CliFailure Runtime(string message) => new(RuntimeExitCode, message);
}
