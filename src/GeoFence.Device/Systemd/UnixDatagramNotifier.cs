using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;

namespace GeoFence.Device.Systemd;

/// <summary>
/// Sends sd_notify messages as datagrams to a given unix socket: the seam between the watchdog and systemd.
/// Disabled (a no-op) when the path is null, so the same registration works outside systemd.
/// </summary>
public sealed class UnixDatagramNotifier : ISystemdNotifier
{
    private readonly string? _socketPath;

    /// <summary>Creates a notifier for <paramref name="socketPath"/> (null: disabled).</summary>
    public UnixDatagramNotifier(string? socketPath) => _socketPath = socketPath;

    /// <inheritdoc/>
    public bool IsEnabled => _socketPath is not null;

    /// <inheritdoc/>
    /// <exception cref="SocketException">The socket is gone or refuses the datagram.</exception>
    public void Notify(ServiceState state)
    {
        if (_socketPath is null)
        {
            return;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(_socketPath));
        socket.Send(Encoding.UTF8.GetBytes(state.ToString()));
    }
}
