using GeoFence.Device.Sources;
using GeoFence.Gnss;

namespace GeoFence.Device.Intake;

/// <summary>
/// Source → decoder: feeds every chunk the supervisor reads into one <see cref="GnssDecoder"/> and closes overdue
/// epochs on a timer. The decoder is single-threaded; a lock keeps the feed and the timer apart.
/// </summary>
public sealed class GnssIntake
{
    private readonly SourceSupervisor _supervisor;
    private readonly GnssDecoder _decoder;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;
    private readonly Lock _gate = new();
    private readonly bool _closeOverdueEpochs;

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
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var polling = _closeOverdueEpochs ? PollAsync(stopPolling.Token) : Task.CompletedTask;
        try
        {
            await _supervisor.RunAsync(OnBytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stopPolling.CancelAsync().ConfigureAwait(false);
            await polling.ConfigureAwait(false);
            lock (_gate)
            {
                _decoder.Complete();
            }
        }
    }

    private ValueTask OnBytes(ReadOnlyMemory<byte> chunk, long timestamp)
    {
        lock (_gate)
        {
            _decoder.Feed(chunk.Span, _closeOverdueEpochs ? timestamp : 0);
        }

        return ValueTask.CompletedTask;
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_pollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    _decoder.Poll(_time.GetTimestamp());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the source.
        }
    }
}
