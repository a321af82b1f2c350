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
        var firstFrame = stack.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "?";
        var at = firstFrame.IndexOf(" in ", StringComparison.Ordinal);
        if (at > 0)
        {
            firstFrame = firstFrame[..at];
        }

        return new Finding(target, $"{exception.GetType().FullName} {firstFrame}", $"{exception.GetType().FullName}: {exception.Message}\n{stack}", input);
    }
}
