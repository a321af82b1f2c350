using System.Threading.Channels;
using GeoFence.Device.TimeSync;
using GeoFence.Gnss;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The bounded hand-over from the reading thread to the pipeline thread. A live source never waits: when the pipeline
/// is behind, the newest fix is dropped and counted (an epoch that is not decided never leaves). A file replay waits
/// instead (nothing to lose by slowing a file down). Each live epoch's receiver time also goes to the time sink. Each fix
/// carries the time it was handed over, on the pipeline clock: the pipeline decides it as of that time, so a fix it takes
/// up a little later matures exactly as if it had been taken at once. A fix wakes the pipeline unless the pipeline said it
/// wakes within <see cref="MaxDeferral"/> anyway (<see cref="Sleeping"/>): at 20 Hz it wakes for each maturing record,
/// and the fix that arrived just before rides that wake-up instead of costing one of its own.
/// </summary>
public sealed class FixHandOver : IGnssSink
{
    /// <summary>The longest a fix waits for a wake-up the pipeline has planned anyway before it is taken up.</summary>
    public static readonly TimeSpan MaxDeferral = TimeSpan.FromMilliseconds(60);

    private const long Awake = long.MinValue;
    private const long WakeForEach = long.MaxValue;

    private readonly Channel<HandedOverFix> _channel;
    private readonly bool _waitWhenFull;
    private readonly ITimeSampleSink _timeSink;
    private readonly TimeProvider _clock;
    private readonly Action<DateTimeOffset>? _observeEpoch;
    private readonly long _maxDeferralTicks;
    private long _dropped;
    private long _sleepsUntil = WakeForEach;
    private long _wakeUps;
    private Action? _arrived;

    /// <summary>
    /// Creates a queue of <paramref name="capacity"/> fixes; <paramref name="waitWhenFull"/> for file replay;
    /// <paramref name="clock"/> (the pipeline's) stamps each hand-over; <paramref name="observeEpoch"/> (live: the
    /// output's privacy window; required by position so no live caller can forget it, null only for a replay or a test)
    /// sees each fix's receiver time as it is handed over, before any deferral.
    /// </summary>
    public FixHandOver(int capacity, bool waitWhenFull, ITimeSampleSink timeSink, TimeProvider clock, Action<DateTimeOffset>? observeEpoch)
    {
        _channel = Channel.CreateBounded<HandedOverFix>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _waitWhenFull = waitWhenFull;
        _timeSink = timeSink;
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _observeEpoch = observeEpoch;
        _maxDeferralTicks = (long)(MaxDeferral.TotalSeconds * _clock.TimestampFrequency);
    }

    /// <summary>Called after each fix is queued (the live pipeline thread's wake-up); null while nobody sleeps on it.</summary>
    internal Action? Arrived
    {
        get => Volatile.Read(ref _arrived);
        set => Volatile.Write(ref _arrived, value);
    }

    /// <summary>Fixes dropped because the pipeline was behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Fixes that woke the pipeline (the rest were taken up by a wake-up it had planned).</summary>
    public long WakeUps => Interlocked.Read(ref _wakeUps);

    /// <summary>The pipeline's end of the queue.</summary>
    public ChannelReader<HandedOverFix> Reader => _channel.Reader;

    /// <summary>
    /// The pipeline is about to sleep until <paramref name="untilTimestamp"/> (on the hand-over clock; null: wake it for
    /// each fix). False when a fix is already waiting: take it instead of sleeping.
    /// </summary>
    internal bool Sleeping(long? untilTimestamp)
    {
        Interlocked.Exchange(ref _sleepsUntil, untilTimestamp ?? WakeForEach); // a full fence: then look at the queue
        return !_channel.Reader.TryPeek(out _);
    }

    /// <summary>The pipeline is awake and looks at the queue before it sleeps again: no fix needs to wake it.</summary>
    internal void Woke() => Volatile.Write(ref _sleepsUntil, Awake);

    /// <inheritdoc/>
    public void OnFix(in Fix fix)
    {
        if (fix.Time != default)
        {
            _timeSink.Submit(fix.Time, fix.FirstByteTimestamp);
        }

        // the privacy switch as it is when the epoch arrives, not when the pipeline takes it up (up to MaxDeferral later)
        _observeEpoch?.Invoke(fix.Time);
        var now = _clock.GetTimestamp();
        if (_channel.Writer.TryWrite(new HandedOverFix(fix, now)))
        {
            Interlocked.MemoryBarrier(); // the fix is in the queue before the pipeline's plan is read (see Sleeping)
            if (Volatile.Read(ref _sleepsUntil) > now + _maxDeferralTicks)
            {
                Interlocked.Increment(ref _wakeUps);
                Volatile.Read(ref _arrived)?.Invoke();
            }

            return;
        }

        if (!_waitWhenFull)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        var copy = new HandedOverFix(fix, now);
        try
        {
            _channel.Writer.WriteAsync(copy).AsTask().GetAwaiter().GetResult(); // file replay: slow the reader down
        }
        catch (ChannelClosedException)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>No more fixes will come (the source ended for good).</summary>
    public void Complete()
    {
        _channel.Writer.TryComplete();
        Volatile.Read(ref _arrived)?.Invoke();
    }
}

/// <summary>A fix and when it was handed over (a timestamp of the hand-over's clock).</summary>
public readonly record struct HandedOverFix(Fix Fix, long Timestamp);
