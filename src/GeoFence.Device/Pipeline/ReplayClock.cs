namespace GeoFence.Device.Pipeline;

/// <summary>
/// A clock for file replay: it reads what the replay set (each fix's receiver time), so the sanitiser's delay line,
/// clearance time and uplink cadence run on capture time rather than on how fast the file is read. Only moves forward.
/// Timers are not supported (the pipeline needs none; <see cref="FixPipeline.Pump"/> is called by the replay).
/// </summary>
internal sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>Moves the clock to <paramref name="instant"/> when that is later; an earlier instant is ignored.</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        if (instant > now)
        {
            now = instant;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        throw new NotSupportedException("the replay clock has no timers; pump the pipeline from the replay");
}
