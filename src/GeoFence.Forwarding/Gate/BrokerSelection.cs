using GeoFence.Zones.Model;

namespace GeoFence.Forwarding.Gate;

/// <summary>Local configuration may choose among the brokers the signed policy approves, never add one.</summary>
public static class BrokerSelection
{
    /// <summary>
    /// The approved broker whose host (and port, when given) the configuration names; with no configured choice, the
    /// policy's first broker. Null when the configuration names a broker the policy does not list.
    /// </summary>
    public static BrokerApproval? Choose(IReadOnlyList<BrokerApproval> approved, string? configuredHost, int? configuredPort = null)
    {
        ArgumentNullException.ThrowIfNull(approved);
        if (string.IsNullOrWhiteSpace(configuredHost))
        {
            return approved.Count > 0 ? approved[0] : null;
        }

        return approved.FirstOrDefault(b =>
            string.Equals(b.Host, configuredHost, StringComparison.OrdinalIgnoreCase) && (configuredPort is null || b.Port == configuredPort));
    }
}
