namespace GeoFence.Forwarding.Connection;

/// <summary>
/// Exponential backoff with equal jitter: the n-th delay lies in [d/2, d] for d = min(max, initial·2ⁿ). One rule for
/// reopening the receiver and for reconnecting to the broker.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan maximum, Random random)
{
    private int _attempt;

    /// <summary>How many delays were handed out since the last reset.</summary>
    public int Attempt => _attempt;

    /// <summary>The next delay; grows until <c>maximum</c>.</summary>
    public TimeSpan Next()
    {
        var ceiling = Math.Min(maximum.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 30)));
        _attempt++;
        var half = ceiling / 2;
        return TimeSpan.FromMilliseconds(half + (random.NextDouble() * half));
    }

    /// <summary>Starts again from the initial delay (after a connection delivered data).</summary>
    public void Reset() => _attempt = 0;
}
