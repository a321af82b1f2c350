namespace GeoFence.Device.TimeSync;

/// <summary>
/// Takes one time sample per receiver epoch for the system clock. Only time crosses this channel, never a position.
/// </summary>
public interface ITimeSampleSink
{
    /// <summary>
    /// Offers the receiver's UTC of an epoch and the <see cref="TimeProvider.GetTimestamp"/> at which the epoch's first
    /// byte arrived. Never blocks; a sample that cannot be delivered is counted and dropped.
    /// </summary>
    void Submit(DateTimeOffset receiverUtc, long firstByteTimestamp);
}
