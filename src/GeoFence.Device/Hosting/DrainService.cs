using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.Hosting;

/// <summary>
/// For a replayed file with <see cref="ReceiverOptions.StopAtEnd"/>: once the input is completed, waits until the
/// broker has acknowledged everything in the outbox (or <see cref="ReceiverOptions.DrainTimeout"/> passes), then stops
/// the host. What is not acknowledged stays committed in the outbox for the next run.
/// </summary>
public sealed partial class DrainService(
    UnitLifecycle lifecycle,
    PipelineClock clock,
    DurableOutbox outbox,
    IOptions<ReceiverOptions> options,
    TimeProvider wall,
    IHostApplicationLifetime lifetime,
    ILogger<DrainService> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Records left unacknowledged when the drain ended (-1 until then).</summary>
    public long LeftOver { get; private set; } = -1;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (clock.Replay is null || !options.Value.StopAtEnd)
        {
            return; // a live receiver runs until stopped
        }

        try
        {
            await lifecycle.InputCompleted.WaitAsync(stoppingToken).ConfigureAwait(false);
            var started = wall.GetTimestamp();
            while (outbox.Depth > 0 && wall.GetElapsedTime(started) < options.Value.DrainTimeout)
            {
                await Task.Delay(PollInterval, wall, stoppingToken).ConfigureAwait(false); // the outbox has no "empty" signal
            }

            LeftOver = outbox.Depth;
            LogDrained(logger, LeftOver);
            lifetime.StopApplication();
        }
        catch (OperationCanceledException)
        {
            // stopping before the input ended
        }
    }

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "replay finished; {LeftOver} records not yet acknowledged stay in the outbox")]
    private static partial void LogDrained(ILogger logger, long leftOver);
}
