using System.Net;
using System.Net.Sockets;

namespace GeoFence.Forwarding.Tests.Infrastructure;

/// <summary>
/// A plaintext MQTT "broker" on loopback that does only what a test scripts, per connection: answer or withhold CONNACK,
/// PUBACK or PINGRESP, send garbage or an oversized message. For the faults a real broker never shows on demand.
/// </summary>
public sealed class ScriptedBroker : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ScriptedConnection, Task> _script;
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    /// <param name="script">What the broker does on each connection.</param>
    /// <param name="receiveBuffer">The accepted sockets' receive buffer in bytes (0: the system's), small to make a broker that stops reading push back at once.</param>
    public ScriptedBroker(Func<ScriptedConnection, Task> script, int receiveBuffer = 0)
    {
        _script = script;
        if (receiveBuffer > 0)
        {
            _listener.Server.ReceiveBufferSize = receiveBuffer;
        }

        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>The listening port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>MQTT 5 CONNACK, success, no properties.</summary>
    public static readonly byte[] ConnAckSuccess = [0x20, 0x03, 0x00, 0x00, 0x00];

    /// <summary>PINGRESP.</summary>
    public static readonly byte[] PingResp = [0xD0, 0x00];

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var connection = new ScriptedConnection(socket, _stop.Token);
        try
        {
            await _script(connection);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or EndOfStreamException)
        {
            // The client went away or the test ended.
        }
    }
}
