using GeoFence.Device.Sources;
using GeoFence.Gnss;

namespace GeoFence.Device.Intake;

/// <summary>
/// Source → decoder: feeds every chunk the supervisor reads into one <see cref="GnssDecoder"/> and closes overdue
/// epochs on a timer armed while an epoch is open. The decoder is single-threaded; a lock keeps the feed and the timer apart.
/// </summary>
public sealed class GnssIntake
{
    private readonly SourceSupervisor _supervisor;
    private readonly GnssDecoder _decoder;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;
    private readonly Lock _gate = new();
    private readonly bool _closeOverdueEpochs;
    private ITimer? _pollTimer;
    private bool _pollArmed;

    /// <summary>
    /// Creates the intake; fixes and echoed sentences go to <paramref name="sink"/> on the reading thread. A replay passes
    /// <paramref name="closeOverdueEpochs"/> false: its arrival times say nothing about the receiver's epochs (a reader
    /// held back by a full queue would otherwise cut epochs in two), so epochs close on the data alone, as in simulate.
    /// </summary>
    public GnssIntake(SourceSupervisor supervisor, GnssOptions options, IGnssSink sink, TimeProvider time, TimeSpan? pollInterval = null, bool closeOverdueEpochs = true)
    {
        _closeOverdueEpochs = closeOverdueEpochs;
        _supervisor = supervisor;
        _decoder = new GnssDecoder(options, sink);
        _time = time;
        _pollInterval = pollInterval ?? TimeSpan.FromMilliseconds(100);
    }

    /// <summary>The decoder's counters (frames, sentences by type, rejects by reason, epochs).</summary>
    public GnssCounters Counters => _decoder.Counters;

    /// <summary>The source's counters (bytes, opens, faults, stalls).</summary>
    public SourceCounters SourceCounters => _supervisor.Counters;

    /// <summary>Runs until cancelled or until a final source ends; then closes the last epoch.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // The overdue-epoch check runs only while an epoch is open: a stream whose epochs end on their cycle-ending
        // sentence (learned per device) never wakes it, where a fixed 100 ms poll woke a timer and a pool thread ten
        // times a second for nothing.
        using var pollTimer = _closeOverdueEpochs ? _time.CreateTimer(static state => ((GnssIntake)state!).PollOverdue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) : null;
        lock (_gate)
        {
            _pollTimer = pollTimer;
        }

        try
        {
            await _supervisor.RunAsync(OnBytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _pollTimer = null;
                _decoder.Complete();
            }
        }
    }

    private ValueTask OnBytes(ReadOnlyMemory<byte> chunk, long timestamp)
    {
        lock (_gate)
        {
            _decoder.Feed(chunk.Span, _closeOverdueEpochs ? timestamp : 0);
            ArmPollWhilePending();
        }

        return ValueTask.CompletedTask;
    }

    private void PollOverdue()
    {
        lock (_gate)
        {
            _pollArmed = false;
            if (_pollTimer is null)
            {
                return; // stopped
            }

            _decoder.Poll(_time.GetTimestamp());
            ArmPollWhilePending();
        }
    }

    /// <summary>Under the lock: one poll <see cref="_pollInterval"/> from now while an epoch is open and none is planned.</summary>
    private void ArmPollWhilePending()
    {
        if (!_pollArmed && _pollTimer is { } timer && _decoder.HasPendingEpoch)
        {
            _pollArmed = true;
            timer.Change(_pollInterval, Timeout.InfiniteTimeSpan);
        }
    }
}
