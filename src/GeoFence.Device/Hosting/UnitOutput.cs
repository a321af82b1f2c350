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
    private const int MaxWindows = 64;
    private static readonly TimeSpan LongestDelay = TimeSpan.FromHours(1); // the policy's delay_s upper bound
    private static readonly TimeSpan LongestTimeStep = TimeSpan.FromDays(1); // the output rules' coarsest time step
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset From, DateTimeOffset Through)> _windows = []; // receiver time, oldest first
    private long _privacyDropped;
    private long _accepted;
    private bool _open;
    private DateTimeOffset _withheldAt = DateTimeOffset.MinValue;

    /// <summary>Records dropped because the privacy switch was on.</summary>
    public long PrivacyDropped => Interlocked.Read(ref _privacyDropped);

    /// <summary>Records handed to the sinks.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Called as each epoch enters the pipeline: if the switch is on, its record (whenever it leaves) is dropped.</summary>
    public void ObserveEpoch(DateTimeOffset receiverTime)
    {
        lock (_gate)
        {
            if (!privacySwitch.IsOn)
            {
                _open = false;
                return;
            }

            if (_open && _windows.Count > 0)
            {
                var last = _windows[^1];
                _windows[^1] = (last.From, receiverTime > last.Through ? receiverTime : last.Through);
            }
            else
            {
                if (_windows.Count == MaxWindows)
                {
                    _windows[1] = (_windows[0].From, _windows[1].Through); // merging only widens what is withheld
                    _windows.RemoveAt(0);
                }

                _windows.Add((receiverTime, receiverTime));
                _open = true;
            }

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
            if (record.Time is not { } receiverTime)
            {
                return time.GetUtcNow() - _withheldAt < LongestDelay; // no time to tell: fail closed while one could still be waiting
            }

            while (_windows.Count > 1 && _windows[0].Through < receiverTime)
            {
                _windows.RemoveAt(0); // records leave in receiver order: a window behind this one is done
            }

            if (record.Level != OutputLevel.Precise)
            {
                // A coarsened time is the start of its step, so the epoch lies somewhere in [time, time + step): withhold
                // it when that span may touch a window (the step is not known here; the coarsest allowed is assumed).
                return _windows.Exists(w => receiverTime <= w.Through && receiverTime + LongestTimeStep >= w.From);
            }

            return _windows.Exists(w => receiverTime >= w.From && receiverTime <= w.Through);
        }
    }
}
