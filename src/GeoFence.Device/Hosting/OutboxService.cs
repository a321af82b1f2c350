using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Hosting;

/// <summary>Runs the outbox's group-commit loop; on stop (SIGTERM) the loop ends with a final commit, then logs the counters.</summary>
public sealed partial class OutboxService(DurableOutbox outbox, ILogger<OutboxService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await outbox.RunAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        outbox.CommitNow();
        var counters = outbox.Counters;
        Stopped(logger, counters.Appended, counters.Committed, counters.NeverWritten);
    }

    [LoggerMessage(EventId = 331, Level = LogLevel.Information, Message = "outbox at stop: appended {Appended}, committed {Committed}, never written {NeverWritten}")]
    private static partial void Stopped(ILogger logger, long appended, long committed, long neverWritten);
}
