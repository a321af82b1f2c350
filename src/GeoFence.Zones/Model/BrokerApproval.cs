namespace GeoFence.Zones.Model;

/// <summary>An MQTT broker the signed policy approves. Local config may choose among these, never add one.</summary>
/// <param name="Host">Host name the client connects to (and the TLS name to verify).</param>
/// <param name="Port">TCP port.</param>
/// <param name="CaCertificatesPem">PEM CA certificates the server chain must end in (may be empty when pins are given).</param>
/// <param name="SpkiSha256Pins">Lower-case hex SHA-256 of server SubjectPublicKeyInfo DER that are accepted.</param>
/// <param name="AllowedAddressRanges">CIDR ranges the connected remote address must fall into.</param>
/// <param name="ClientCertificateRequired">True when the unit must present its client certificate.</param>
/// <param name="LoopbackDemo">Plaintext allowed, and only on 127.0.0.1 / ::1.</param>
public sealed record BrokerApproval(
    string Host,
    int Port,
    IReadOnlyList<string> CaCertificatesPem,
    IReadOnlyList<string> SpkiSha256Pins,
    IReadOnlyList<System.Net.IPNetwork> AllowedAddressRanges,
    bool ClientCertificateRequired,
    bool LoopbackDemo)
{
    /// <summary>True when the connected address is inside one of the allowed ranges (and loopback for demo brokers).</summary>
    public bool AllowsAddress(System.Net.IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (LoopbackDemo && !System.Net.IPAddress.IsLoopback(address))
        {
            return false;
        }

        foreach (var range in AllowedAddressRanges)
        {
            if (range.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
