using System.Net.Sockets;

namespace GeoFence.Forwarding.Connection;

/// <summary>An open connection to an approved broker: the blocking socket and the stream over it (TLS or, for a loopback demo, plain).</summary>
internal sealed class BrokerLink(Socket socket, Stream stream) : IDisposable
{
    private int _closed;

    /// <summary>The stream MQTT packets are written to and read from.</summary>
    public Stream Stream { get; } = stream;

    /// <summary>True when the stream is TLS.</summary>
    public bool IsSecure => Stream is System.Net.Security.SslStream;

    /// <summary>Bounds each blocking read (zero: unbounded); a read that times out leaves the stream unusable.</summary>
    public void SetReceiveTimeout(TimeSpan timeout) =>
        socket.ReceiveTimeout = timeout <= TimeSpan.Zero ? 0 : (int)Math.Clamp(Math.Ceiling(timeout.TotalMilliseconds), 1, int.MaxValue);

    /// <summary>Wakes a thread blocked in a read or write (shutdown, both directions); the link is unusable afterwards.</summary>
    public void Abort() => TryShutdown(socket);

    /// <summary>shutdown(2) both directions, ignoring a socket that is not connected or already closed.</summary>
    public static void TryShutdown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Not connected any more: nothing to wake.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Closes the stream and the socket.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Abort();
            Stream.Dispose();
            socket.Dispose();
        }
    }
}
