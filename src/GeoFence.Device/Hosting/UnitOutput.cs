using GeoFence.Device.Gpio;
using GeoFence.Device.Pipeline;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The pipeline's single output: while the privacy switch is on every record is dropped here (counted) — nothing is
/// stored or sent; otherwise each record goes to every sink (outbox, local feed) in order.
/// </summary>
public sealed class UnitOutput(IPrivacySwitch privacySwitch, IReadOnlyList<ICompliantSink> sinks) : ICompliantSink
{
    private long _privacyDropped;
    private long _accepted;

    /// <summary>Records dropped because the privacy switch was on.</summary>
    public long PrivacyDropped => Interlocked.Read(ref _privacyDropped);

    /// <summary>Records handed to the sinks.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <inheritdoc/>
    public void Accept(CompliantFix record)
    {
        if (privacySwitch.IsOn)
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
}
