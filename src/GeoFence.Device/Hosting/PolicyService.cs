using GeoFence.Device.Status;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Hosting;

/// <summary>
/// Keeps the signed policy in force: loads the installed bundle at start, installs bundles dropped into the incoming
/// directory (at start, before the first fix, then every few seconds) through the same verification and anti-rollback
/// as the MQTT policy topics, and mirrors the policy state (never its content) into the status board.
/// </summary>
public sealed partial class PolicyService(
    PolicyUpdater updater,
    PolicyHolder holder,
    UnitPaths paths,
    UnitStatusBoard board,
    TimeProvider wall,
    ILogger<PolicyService> logger) : BackgroundService
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        holder.Changed += OnChanged;
        var state = updater.LoadAtStartup();
        Mirror(state);
        LogStartup(logger, state.Status);
        ScanIncoming();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        holder.Changed -= OnChanged;
        return base.StopAsync(cancellationToken);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ScanInterval, wall);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                ScanIncoming();
                Mirror(holder.Current); // validity ends with time, not only with a swap
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>The unit's view of a policy state: loaded, none, invalid or expired, with a reason id.</summary>
    public static (Status.PolicyState State, ReasonId? Reason) Classify(Zones.Hosting.PolicyState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var status = state.StatusAt(now);
        var unitState = status switch
        {
            PolicyStatus.Usable => Status.PolicyState.Loaded,
            PolicyStatus.NoBundle or PolicyStatus.NoTrustedKeys => Status.PolicyState.None,
            PolicyStatus.Expired or PolicyStatus.NotYetValid => Status.PolicyState.Expired,
            _ => Status.PolicyState.Invalid,
        };
        return (unitState, status == PolicyStatus.Usable ? null : ReasonId.Parse(Kebab(status.ToString())));
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    private void OnChanged(object? sender, Zones.Hosting.PolicyState state)
    {
        Mirror(state);
        LogChanged(logger, state.Status, state.Policy?.Document.Version ?? 0);
    }

    private void Mirror(Zones.Hosting.PolicyState state)
    {
        var (unitState, reason) = Classify(state, wall.GetUtcNow());
        board.Update(s => s with { Policy = unitState, PolicyReason = reason });
    }

    private void ScanIncoming()
    {
        string[] files;
        try
        {
            files = Directory.Exists(paths.Incoming) ? Directory.GetFiles(paths.Incoming, "*.bundle") : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogScanFailed(logger, paths.Incoming, ex.Message);
            return;
        }

        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                var result = updater.ApplyDroppedFile(file);
                LogDropped(logger, file, result.Accepted, result.State.Status);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogScanFailed(logger, file, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "policy at start: {Status}")]
    private static partial void LogStartup(ILogger logger, PolicyStatus status);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "policy changed: {Status}, version {Version}")]
    private static partial void LogChanged(ILogger logger, PolicyStatus status, long version);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "dropped bundle {File}: accepted {Accepted}, {Status}")]
    private static partial void LogDropped(ILogger logger, string file, bool accepted, PolicyStatus status);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "can't read incoming bundles at {Path}: {Error}")]
    private static partial void LogScanFailed(ILogger logger, string path, string error);
}
