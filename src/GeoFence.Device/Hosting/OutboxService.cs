using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.Hosting;

/// <summary>Runs the outbox's group-commit loop; on stop (SIGTERM) the loop ends with a final commit.</summary>
public sealed class OutboxService(DurableOutbox outbox) : BackgroundService
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
    }
}
