namespace GeoFence.Device.Pipeline;

/// <summary>
/// The smallest recent delay from a fix's receiver time (GNSS UTC) to its decision on the pipeline clock: the floor of
/// the path receiver → serial → decoder → pipeline. A fix decided above the floor came late (a longer serial burst, a
/// busy moment); measured from its receiver time plus the floor, its record matures when the epoch one guard delay later
/// is decided, which then carries it out, instead of waking the pipeline by itself a moment before that epoch. The
/// minimum is kept over two 10 s buckets, so clock drift and a receiver restart move it within 20 s.
/// </summary>
internal sealed class ReceiverLatencyFloor
{
    private static readonly TimeSpan Bucket = TimeSpan.FromSeconds(10);
    private TimeSpan _current = TimeSpan.MaxValue;
    private TimeSpan _previous = TimeSpan.MaxValue;
    private DateTimeOffset _bucketStart = DateTimeOffset.MinValue;

    /// <summary>Takes one fix's receiver time and decision time; returns the floor including it.</summary>
    public TimeSpan Observe(DateTimeOffset receiverTime, DateTimeOffset decidedAt)
    {
        if (decidedAt < _bucketStart || decidedAt - _bucketStart >= Bucket)
        {
            _previous = decidedAt - _bucketStart >= Bucket + Bucket ? TimeSpan.MaxValue : _current;
            _current = TimeSpan.MaxValue;
            _bucketStart = decidedAt;
        }

        var latency = decidedAt - receiverTime;
        if (latency < _current)
        {
            _current = latency;
        }

        return _current < _previous ? _current : _previous;
    }
}
