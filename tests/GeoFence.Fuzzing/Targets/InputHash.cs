namespace GeoFence.Fuzzing.Targets;

/// <summary>FNV-1a over an input: a stable seed for the per-input choices of a target (chunk splits), so replays are exact.</summary>
public static class InputHash
{
    /// <summary>32-bit FNV-1a of the bytes, as a non-negative int.</summary>
    public static int Of(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & 0x7FFF_FFFF);
    }
}
