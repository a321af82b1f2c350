namespace GeoFence.Device.Hosting;

/// <summary>
/// The pipeline's clock for a live receiver: UTC as read once at start, then advanced by the monotonic timestamp only.
/// A Pi has no RTC, and chrony steps the system clock once the receiver's time arrives; on the wall clock such a step
/// would mature the whole delay line at once and let records leave before the trajectory guard could retract them.
/// Every duration the sanitiser measures (delay, clearance time, uplink cadence) is therefore immune to clock steps.
/// </summary>
public sealed class SteadyClock : TimeProvider
{
    private readonly TimeProvider _source;
    private readonly DateTimeOffset _anchor;
    private readonly long _anchorTimestamp;

    /// <summary>Anchors at <paramref name="source"/>'s current UTC and timestamp.</summary>
    public SteadyClock(TimeProvider source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _anchor = source.GetUtcNow();
        _anchorTimestamp = source.GetTimestamp();
    }

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _anchor + _source.GetElapsedTime(_anchorTimestamp);

    /// <inheritdoc/>
    public override long GetTimestamp() => _source.GetTimestamp();

    /// <inheritdoc/>
    public override long TimestampFrequency => _source.TimestampFrequency;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _source.CreateTimer(callback, state, dueTime, period);
}
