using GeoFence.Device.Gpio;
using GeoFence.Device.Pipeline;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The pipeline's single output: while the privacy switch is on every record is dropped here (counted) — nothing is
/// stored or sent; so is every record of an epoch that arrived while the switch was on (<see cref="ObserveEpoch"/>), even
/// when it leaves the guard's delay line after the switch is off; otherwise each record goes to every sink in order.
/// </summary>
public sealed class UnitOutput(IPrivacySwitch privacySwitch, IReadOnlyList<ICompliantSink> sinks, TimeProvider time) : ICompliantSink
{
    private static readonly TimeSpan LongestDelay = TimeSpan.FromHours(1); // the policy's delay_s upper bound
    private readonly Lock _gate = new();
    private long _privacyDropped;
    private long _accepted;
    private DateTimeOffset _withheldThrough = DateTimeOffset.MinValue;
    private DateTimeOffset _withheldAt = DateTimeOffset.MinValue;

    /// <summary>Records dropped because the privacy switch was on.</summary>
    public long PrivacyDropped => Interlocked.Read(ref _privacyDropped);

    /// <summary>Records handed to the sinks.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Called as each epoch enters the pipeline: if the switch is on, its record (whenever it leaves) is dropped.</summary>
    public void ObserveEpoch(DateTimeOffset receiverTime)
    {
        if (!privacySwitch.IsOn)
        {
            return;
        }

        lock (_gate)
        {
            _withheldThrough = receiverTime > _withheldThrough ? receiverTime : _withheldThrough;
            _withheldAt = time.GetUtcNow();
        }
    }

    /// <inheritdoc/>
    public void Accept(CompliantFix record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (privacySwitch.IsOn || Withheld(record))
        {
            Interlocked.Increment(ref _privacyDropped);
            return;
        }

        foreach (var sink in sinks)
        {
            sink.Accept(record);
        }

        Interlocked.Increment(ref _accepted);
    }

    private bool Withheld(CompliantFix record)
    {
        lock (_gate)
        {
            return record.Time is { } receiverTime
                ? receiverTime <= _withheldThrough
                : time.GetUtcNow() - _withheldAt < LongestDelay; // no time to tell: fail closed while one could still be waiting
        }
    }
}
