using System.Globalization;
using GeoFence.Device.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace GeoFence.Device.Systemd;

/// <summary>
/// Sends <c>STATUS=</c> to systemd (shown by <c>systemctl status geofence-device</c>) when the unit's state in words
/// changes, checked once a second. Words and counts only; nothing when not under systemd. The status display's state
/// ends the line (<c>display off|ok|missing|failed</c>), so a configured panel that does not answer shows here.
/// </summary>
public sealed class SystemdStatusService : BackgroundService
{
    /// <summary>How often the status line is compared and, if changed, sent.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ISystemdNotifier _notifier;
    private readonly UnitStatusBoard _board;
    private readonly TimeProvider _time;
    private string? _sent;

    /// <summary>Creates the service.</summary>
    public SystemdStatusService(ISystemdNotifier notifier, UnitStatusBoard board, TimeProvider time)
    {
        _notifier = notifier;
        _board = board;
        _time = time;
    }

    /// <summary>The status line for <paramref name="status"/>.</summary>
    public static string Line(UnitStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var source = !status.SourceAlive ? "gnss silent" : status.Fix == FixState.Fix ? "fix" : "no fix";
        var decision = status.LastDecision switch
        {
            DecisionClass.Forwarding => "forwarding",
            DecisionClass.RedactingOrHolding => "redacting",
            DecisionClass.Blocked => "blocking",
            _ => "idle",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"policy {status.Policy.ToString().ToLowerInvariant()}; {source}; {decision}; broker {status.Broker.ToString().ToLowerInvariant()}; queue {status.QueueDepth}; privacy switch {(status.PrivacySwitchOn ? "on" : "off")}; display {status.Display.ToString().ToLowerInvariant()}");
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_notifier.IsEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, _time);
        do
        {
            var line = Line(_board.Current);
            if (line != _sent)
            {
                try
                {
                    _notifier.Notify(new ServiceState("STATUS=" + line));
                    _sent = line;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    // systemd is gone or busy: try again next second.
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
