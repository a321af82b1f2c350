using System.Net;
using System.Net.Sockets;
using GeoFence.Zones.Model;
using MQTTnet.Channel;

namespace GeoFence.Forwarding.Gate;

/// <summary>
/// Opens the TCP connection for MQTTnet itself, so the gate sees the address actually connected: every resolved
/// address outside the policy's CIDR ranges is skipped before any byte is sent, and the socket's remote endpoint is
/// checked again after connect. Plaintext is allowed only for a loopback-demo broker on a loopback address.
/// </summary>
internal sealed class GatedStreamProvider(BrokerApproval approval, bool useTls, GateRejection rejection) : IMqttClientStreamProvider
{
    public async Task<Stream> ConnectAsync(EndPoint brokerEndPoint, CancellationToken cancellationToken)
    {
        IPAddress[] candidates = brokerEndPoint switch
        {
            IPEndPoint ip => [ip.Address],
            DnsEndPoint dns => await Dns.GetHostAddressesAsync(dns.Host, cancellationToken).ConfigureAwait(false),
            _ => throw Refuse($"unsupported endpoint {brokerEndPoint}"),
        };

        var refusals = new List<string>();
        foreach (var address in candidates)
        {
            if (!approval.AllowsAddress(address))
            {
                refusals.Add($"address {address} is outside the policy's ranges");
                continue;
            }

            if (!useTls && !IPAddress.IsLoopback(address))
            {
                refusals.Add($"plaintext to non-loopback address {address}");
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, approval.Port), cancellationToken).ConfigureAwait(false);
                var connected = (socket.RemoteEndPoint as IPEndPoint)?.Address;
                if (connected is null || !approval.AllowsAddress(connected))
                {
                    throw Refuse($"connected address {connected} is outside the policy's ranges");
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw Refuse(refusals.Count > 0 ? string.Join("; ", refusals) : $"{approval.Host} resolved to no address");
    }

    private BrokerNotApprovedException Refuse(string reason)
    {
        rejection.Set(reason);
        return new BrokerNotApprovedException(reason);
    }
}
