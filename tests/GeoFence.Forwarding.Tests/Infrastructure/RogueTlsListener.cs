using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace GeoFence.Forwarding.Tests.Infrastructure;

/// <summary>
/// A listener standing in for a rogue broker: accepts TCP, optionally completes a TLS handshake with the certificate
/// it is given (or none: plaintext), and counts every application byte a client sends it after that.
/// </summary>
public sealed class RogueListener : IDisposable
{
    private readonly TcpListener _listener;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private long _payloadBytes;
    private long _connections;
    private readonly System.Collections.Concurrent.ConcurrentQueue<byte[]> _received = new();

    public RogueListener(IPAddress address, X509Certificate2? certificate)
    {
        _certificate = certificate;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Application bytes received (after TLS, if any).</summary>
    public long PayloadBytes => Interlocked.Read(ref _payloadBytes);

    /// <summary>Every byte received, concatenated (for a plaintext listener: what the client sent in the clear).</summary>
    public byte[] Received => _received.SelectMany(b => b).ToArray();

    /// <summary>TCP connections accepted.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(_certificate, false, false);
                    stream = tls;
                }

                var buffer = new byte[4096];
                int read;
                while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    Interlocked.Add(ref _payloadBytes, read);
                    _received.Enqueue(buffer[..read]);
                }
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or ObjectDisposedException)
            {
                // The client walked away (as a gated client must).
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
