using System.Globalization;

namespace GeoFence.Device.Systemd;

/// <summary>The watchdog systemd asks for (WatchdogSec= in the unit), read from WATCHDOG_USEC and WATCHDOG_PID.</summary>
public sealed record WatchdogSettings(TimeSpan Timeout)
{
    /// <summary>How often we ping: half the timeout, as sd_watchdog_enabled(3) recommends.</summary>
    public TimeSpan PingInterval => Timeout / 2;

    /// <summary>The settings from the process environment, or null when systemd asks for no watchdog.</summary>
    public static WatchdogSettings? FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);

    /// <summary>
    /// Parses WATCHDOG_USEC (microseconds) and WATCHDOG_PID; null when unset, invalid, zero, or meant for another process.
    /// </summary>
    public static WatchdogSettings? Parse(string? watchdogUsec, string? watchdogPid, int processId)
    {
        if (!ulong.TryParse(watchdogUsec, NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec == 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(watchdogPid) &&
            (!int.TryParse(watchdogPid, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid != processId))
        {
            return null;
        }

        // Bounded: systemd allows huge values; anything over a day is treated as a day.
        var capped = Math.Min(usec, (ulong)TimeSpan.FromDays(1).TotalMicroseconds);
        return new WatchdogSettings(TimeSpan.FromMicroseconds(capped));
    }
}
