using System.Threading.Channels;
using GeoFence.Device.TimeSync;
using GeoFence.Gnss;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The bounded hand-over from the reading thread to the pipeline thread. A live source never waits: when the pipeline
/// is behind, the newest fix is dropped and counted (an epoch that is not decided never leaves). A file replay waits
/// instead (nothing to lose by slowing a file down). Each live epoch's receiver time also goes to the time sink.
/// </summary>
public sealed class FixHandOver : IGnssSink
{
    private readonly Channel<Fix> _channel;
    private readonly bool _waitWhenFull;
    private readonly ITimeSampleSink _timeSink;
    private long _dropped;
    private Action? _arrived;

    /// <summary>Creates a queue of <paramref name="capacity"/> fixes; <paramref name="waitWhenFull"/> for file replay.</summary>
    public FixHandOver(int capacity, bool waitWhenFull, ITimeSampleSink timeSink)
    {
        _channel = Channel.CreateBounded<Fix>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _waitWhenFull = waitWhenFull;
        _timeSink = timeSink;
    }

    /// <summary>Called after each fix is queued (the live pipeline thread's wake-up); null while nobody sleeps on it.</summary>
    internal Action? Arrived
    {
        get => Volatile.Read(ref _arrived);
        set => Volatile.Write(ref _arrived, value);
    }

    /// <summary>Fixes dropped because the pipeline was behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The pipeline's end of the queue.</summary>
    public ChannelReader<Fix> Reader => _channel.Reader;

    /// <inheritdoc/>
    public void OnFix(in Fix fix)
    {
        if (fix.Time != default)
        {
            _timeSink.Submit(fix.Time, fix.FirstByteTimestamp);
        }

        if (_channel.Writer.TryWrite(fix))
        {
            Volatile.Read(ref _arrived)?.Invoke();
            return;
        }

        if (!_waitWhenFull)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        var copy = fix;
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
