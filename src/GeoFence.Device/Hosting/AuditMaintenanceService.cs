using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Hosting;

/// <summary>Prunes the audit log to the policy's retention at start and every six hours.</summary>
public sealed partial class AuditMaintenanceService(UnitAudit audit, TimeProvider wall, ILogger<AuditMaintenanceService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, wall);
        try
        {
            do
            {
                try
                {
                    var removed = audit.Prune();
                    if (removed > 0)
                    {
                        LogPruned(logger, removed);
                    }
                }
                catch (IOException ex)
                {
                    LogPruneFailed(logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "audit log pruned: {Removed} expired entries")]
    private static partial void LogPruned(ILogger logger, int removed);

    [LoggerMessage(EventId = 322, Level = LogLevel.Warning, Message = "audit log prune failed: {Error}")]
    private static partial void LogPruneFailed(ILogger logger, string error);
}
