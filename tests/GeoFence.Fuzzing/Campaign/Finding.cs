namespace GeoFence.Fuzzing.Campaign;

/// <summary>One crash or invariant failure: which target, a stable signature for de-duplication, and the input.</summary>
/// <param name="Target">Target name (<c>gnss</c>, <c>bundle</c>, <c>policy</c>).</param>
/// <param name="Signature">Exception type and throwing frame, or the invariant's name: equal signatures are one bug.</param>
/// <param name="Detail">Message and stack (never coordinates: the inputs are receiver captures and synthetic policies).</param>
/// <param name="Input">The input that produced it.</param>
public sealed record Finding(string Target, string Signature, string Detail, byte[] Input)
{
    /// <summary>The target's per-input variant (GNSS: bounds and chunk splits) that reproduces it with <see cref="Input"/>.</summary>
    public int Variant { get; init; }

    /// <summary>A finding for an unexpected exception, signed by its type, the throwing frame and the class where it left our code.</summary>
    public static Finding FromException(string target, Exception exception, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var stack = exception.StackTrace ?? string.Empty;
        var frames = stack.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.IndexOf(" in ", StringComparison.Ordinal) is var at and > 0 ? f[..at] : f).ToList();
        var first = frames.FirstOrDefault() ?? "?";
        // Where it left our code tells bugs apart (the same library throw is reached from different fields). Our frames
        // count by class only: which of our small methods appear depends on JIT inlining (tier 0 vs tier 1).
        var ours = frames.FirstOrDefault(f => f.StartsWith("at GeoFence.", StringComparison.Ordinal)
            && !f.StartsWith("at GeoFence.Fuzzing.", StringComparison.Ordinal));
        var origin = IsOurs(first) ? ClassOf(first) : first;
        var signature = ours is null || IsOurs(first) ? $"{exception.GetType().FullName} {origin}" : $"{exception.GetType().FullName} {origin} in {ClassOf(ours)}";
        return new Finding(target, signature, $"{exception.GetType().FullName}: {exception.Message}\n{stack}", input);
    }

    private static bool IsOurs(string frame) => frame.StartsWith("at GeoFence.", StringComparison.Ordinal);

    private static string ClassOf(string frame)
    {
        var call = frame.IndexOf('(', StringComparison.Ordinal);
        var name = call > 0 ? frame[..call] : frame;
        var dot = name.LastIndexOf('.');
        return dot > 3 ? name[3..dot] : name;
    }
}
