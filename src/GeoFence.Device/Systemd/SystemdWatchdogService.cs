using GeoFence.Device.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Systemd;

/// <summary>
/// Sends <c>WATCHDOG=1</c> at half of systemd's watchdog timeout, and only while <see cref="IPipelineHealth"/> says
/// the pipeline is healthy: a stuck pipeline stops the pings and systemd restarts the agent. Does nothing when systemd
/// asks for no watchdog or there is no notify socket. (Hosting.Systemd sends READY=1 and STOPPING=1 only.)
/// </summary>
public sealed partial class SystemdWatchdogService : BackgroundService
{
    private static readonly ServiceState Watchdog = new("WATCHDOG=1");

    private readonly ISystemdNotifier _notifier;
    private readonly IPipelineHealth _health;
    private readonly WatchdogSettings? _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<SystemdWatchdogService> _logger;
    private ReasonId? _lastUnhealthy;

    /// <summary>Creates the service; <paramref name="settings"/> null means systemd wants no watchdog.</summary>
    public SystemdWatchdogService(
        ISystemdNotifier notifier, IPipelineHealth health, WatchdogSettings? settings, TimeProvider time, ILogger<SystemdWatchdogService> logger)
    {
        _notifier = notifier;
        _health = health;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after each tick with whether <c>WATCHDOG=1</c> was sent.</summary>
    public event Action<bool>? Ticked;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_settings is null || !_notifier.IsEnabled)
        {
            LogDisabled(_logger);
            return;
        }

        LogEnabled(_logger, _settings.PingInterval.TotalMilliseconds);
        // The timer exists before the first tick, so a clock advanced after any tick always reaches the next one.
        using var timer = new PeriodicTimer(_settings.PingInterval, _time);
        do
        {
            Ticked?.Invoke(Tick());
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private bool Tick()
    {
        if (!_health.IsHealthy(out var reason))
        {
            if (_lastUnhealthy != reason)
            {
                LogWithheld(_logger, reason.Value);
                _lastUnhealthy = reason;
            }

            return false;
        }

        if (_lastUnhealthy is not null)
        {
            LogResumed(_logger);
            _lastUnhealthy = null;
        }

        try
        {
            _notifier.Notify(Watchdog);
            return true;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            LogSendFailed(_logger, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "systemd watchdog not requested (no WATCHDOG_USEC or NOTIFY_SOCKET)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd watchdog: WATCHDOG=1 every {IntervalMs} ms while healthy")]
    private static partial void LogEnabled(ILogger logger, double intervalMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "systemd watchdog ping withheld: {Reason}")]
    private static partial void LogWithheld(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd watchdog pings resumed: pipeline healthy")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "systemd watchdog ping could not be sent: {Error}")]
    private static partial void LogSendFailed(ILogger logger, string error);
}
