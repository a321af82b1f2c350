using GeoFence.Fuzzing.Campaign;

namespace GeoFence.Fuzzing.Targets;

/// <summary>A fuzz target: runs one input through production code and checks its invariants.</summary>
public interface IFuzzTarget
{
    /// <summary>Short name used on the command line and in finding file names.</summary>
    string Name { get; }

    /// <summary>Runs one input with the variant derived from it; null when every invariant held, else what broke. Never throws.</summary>
    Finding? Run(byte[] input);

    /// <summary>Runs one input with an explicit variant (replays and minimisation keep a finding's variant fixed).</summary>
    Finding? Run(byte[] input, int variant);
}
