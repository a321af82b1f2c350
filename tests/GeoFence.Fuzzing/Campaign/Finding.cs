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

    /// <summary>A finding for an unexpected exception, signed by its type and the first frame of the stack.</summary>
    public static Finding FromException(string target, Exception exception, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var stack = exception.StackTrace ?? string.Empty;
        var frames = stack.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.IndexOf(" in ", StringComparison.Ordinal) is var at and > 0 ? f[..at] : f).ToList();
        var first = frames.FirstOrDefault() ?? "?";
        // Where it left our code tells bugs apart (the same library throw is reached from different fields).
        var ours = frames.FirstOrDefault(f => f.StartsWith("at GeoFence.", StringComparison.Ordinal)
            && !f.StartsWith("at GeoFence.Fuzzing.", StringComparison.Ordinal));
        var signature = ours is null || ours == first ? $"{exception.GetType().FullName} {first}" : $"{exception.GetType().FullName} {first} {ours}";
        return new Finding(target, signature, $"{exception.GetType().FullName}: {exception.Message}\n{stack}", input);
    }
}
