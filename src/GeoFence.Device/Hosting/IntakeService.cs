using GeoFence.Device.Intake;
using GeoFence.Device.Sources;
using GeoFence.Device.Status;
using GeoFence.Gnss;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The reading thread: source (serial, TCP or file, under the supervisor's reopen-with-backoff) → lexer → decoders →
/// epochs → <see cref="FixHandOver"/>. Never waits on the pipeline for a live source. When a final source (a file) ends the
/// queue is completed; a live source is reopened forever.
/// </summary>
public sealed class IntakeService(
    IByteSource source,
    GnssOptions gnssOptions,
    SourceOptions sourceOptions,
    FixHandOver queue,
    PipelineClock clock,
    UnitStatusBoard board,
    TimeProvider wall,
    ILogger<IntakeService> logger) : BackgroundService
{
    private GnssIntake? _intake;
    private SourceSupervisor? _supervisor;

    /// <summary>The decoder's counters, once running.</summary>
    public GnssCounters? Counters => _intake?.Counters;

    /// <summary>The source's counters, once running.</summary>
    public SourceCounters? SourceCounters => _supervisor?.Counters;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        _supervisor = new SourceSupervisor(source, sourceOptions, wall, logger);
        _supervisor.StateChanged += state => board.Update(s => s with { SourceAlive = state == SourceState.Reading });
        _intake = new GnssIntake(_supervisor, gnssOptions, queue, wall, closeOverdueEpochs: clock.Replay is null);
        try
        {
            await _intake.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            board.Update(s => s with { SourceAlive = false });
            queue.Complete();
        }
    }
}
