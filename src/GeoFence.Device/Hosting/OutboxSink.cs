using GeoFence.Device.Pipeline;
using GeoFence.Forwarding.Outbox;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.Hosting;

/// <summary>Hands each compliant record to the durable outbox (in memory now, committed by the outbox's own loop).</summary>
public sealed class OutboxSink(DurableOutbox outbox, TimeProvider time) : ICompliantSink
{
    private long _refused;

    /// <summary>Records the outbox refused (full in stop-accepting mode).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <inheritdoc/>
    public void Accept(CompliantFix record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!outbox.TryAppend(new OutboxRecord(record.Sequence, time.GetUtcNow(), CompliantFixJson.ToUtf8(record))))
        {
            Interlocked.Increment(ref _refused);
        }
    }
}
