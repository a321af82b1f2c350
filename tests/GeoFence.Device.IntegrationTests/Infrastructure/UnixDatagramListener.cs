using System.Net.Sockets;
using System.Text;

namespace GeoFence.Device.IntegrationTests.Infrastructure;

/// <summary>A real unix datagram socket bound to a path, as systemd's NOTIFY_SOCKET or chrony's SOCK would be.</summary>
public sealed class UnixDatagramListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public UnixDatagramListener(string path)
    {
        Path = path;
        _socket.Bind(new UnixDomainSocketEndPoint(path));
    }

    public string Path { get; }

    /// <summary>Bytes waiting to be read; a datagram sent synchronously before this call is already counted.</summary>
    public int Pending => _socket.Available;

    public async Task<byte[]> ReceiveAsync(TimeSpan patience)
    {
        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(patience);
        var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return buffer[..length];
    }

    public async Task<string> ReceiveTextAsync(TimeSpan patience) => Encoding.UTF8.GetString(await ReceiveAsync(patience));

    public void Dispose() => _socket.Dispose();
}
