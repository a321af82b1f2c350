using System.Globalization;
using GeoFence.Device.Status;

namespace GeoFence.Device.Gpio;

/// <summary>
/// The display's text for a <see cref="UnitStatus"/>: words and counts only (policy, fix and satellites, zone state as a
/// word, transmit state, outbox depth and broker). It cannot show a position: <see cref="UnitStatus"/> has none.
/// </summary>
public static class StatusDisplayText
{
    /// <summary>Characters per line (128 pixels at a 6-pixel font).</summary>
    public const int Width = 21;

    /// <summary>Renders five lines of at most <see cref="Width"/> characters.</summary>
    public static IReadOnlyList<string> Render(UnitStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        string[] lines =
        [
            "POLICY " + status.Policy switch
            {
                PolicyState.Loaded => "ok",
                PolicyState.None => "none",
                PolicyState.Invalid => "invalid",
                _ => "expired",
            },
            !status.SourceAlive ? "GNSS silent"
                : status.Fix == FixState.Fix ? string.Create(CultureInfo.InvariantCulture, $"FIX yes  SAT {status.SatellitesUsed}")
                : "FIX none",
            "ZONE " + status.LastDecision switch
            {
                DecisionClass.Forwarding => "clear",
                DecisionClass.RedactingOrHolding => "redact",
                DecisionClass.Blocked => "block",
                _ => "-",
            },
            status.PrivacySwitchOn ? "TX killed (switch)" : status.FailClosed ? "TX closed" : "TX open",
            string.Create(CultureInfo.InvariantCulture, $"Q {status.QueueDepth} MQTT ") + status.Broker switch
            {
                BrokerState.Connected => "ok",
                BrokerState.Disconnected => "down",
                _ => "refused",
            },
        ];
        return Array.ConvertAll(lines, l => l.Length <= Width ? l : l[..Width]);
    }
}
