namespace GeoFence.Device.TimeSync;

/// <summary>The sink when time sync is off: samples go nowhere.</summary>
public sealed class NullTimeSampleSink : ITimeSampleSink
{
    /// <inheritdoc/>
    public void Submit(DateTimeOffset receiverUtc, long firstByteTimestamp)
    {
    }
}
