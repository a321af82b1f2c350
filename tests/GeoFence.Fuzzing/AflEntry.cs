using GeoFence.Fuzzing.Targets;
using SharpFuzz;

namespace GeoFence.Fuzzing;

/// <summary>
/// Entry for afl-fuzz through SharpFuzz (out-of-process: the forkserver runs each input in a fresh child). A finding is
/// thrown as <see cref="FuzzFindingException"/>, which SharpFuzz reports to afl-fuzz as a crash.
/// </summary>
public static class AflEntry
{
    /// <summary>Runs the named target (gnss or policy) under afl-fuzz; returns only when afl-fuzz stops it.</summary>
    public static int Run(string target)
    {
        IFuzzTarget fuzzTarget = target switch
        {
            "gnss" => new GnssTarget(),
            "policy" => new PolicyDocumentTarget(),
            _ => throw new ArgumentException($"afl target '{target}' is not supported (gnss, policy)"),
        };
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            if (fuzzTarget.Run(buffer.ToArray()) is { } finding)
            {
                throw new FuzzFindingException(finding.Signature + "\n" + finding.Detail);
            }
        });
        return 0;
    }
}

/// <summary>A fuzz finding turned into a crash for afl-fuzz.</summary>
public sealed class FuzzFindingException : Exception
{
    /// <summary>Creates an empty exception.</summary>
    public FuzzFindingException()
    {
    }

    /// <summary>Creates an exception with the finding's signature and detail.</summary>
    public FuzzFindingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    public FuzzFindingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
