using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using MQTTnet.Server;

namespace GeoFence.Device.Demo;

/// <summary>
/// An in-process MQTTnet.Server broker on 127.0.0.1 at a free ephemeral port, TLS 1.2/1.3 only with the demo server
/// certificate; there is no plaintext endpoint and no IPv6 or wildcard listener. Counts the messages it receives per
/// topic (counts only: it never looks into a payload).
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    /// <summary>The one address the broker listens on.</summary>
    public const string Host = "127.0.0.1";

    private readonly MqttServer _server;
    private readonly ConcurrentDictionary<string, long> _received = new(StringComparer.Ordinal);
    private int _stopped;

    private EmbeddedBroker(MqttServer server, int port)
    {
        _server = server;
        Port = port;
        _server.InterceptingPublishAsync += e =>
        {
            _received.AddOrUpdate(e.ApplicationMessage.Topic, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        };
    }

    /// <summary>The TLS port the operating system chose.</summary>
    public int Port { get; }

    /// <summary>True while the broker accepts connections.</summary>
    public bool IsStarted => _server.IsStarted;

    /// <summary>Messages received on <paramref name="topic"/> so far (publishes from any client, retained ones included).</summary>
    public long MessagesReceived(string topic) => _received.GetValueOrDefault(topic);

    /// <summary>A snapshot of the per-topic message counts.</summary>
    public IReadOnlyDictionary<string, long> MessagesByTopic() => new Dictionary<string, long>(_received, StringComparer.Ordinal);

    /// <summary>Starts a TLS-only broker on 127.0.0.1 with the authority's server certificate.</summary>
    public static async Task<EmbeddedBroker> StartAsync(DemoCertificateAuthority authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var options = new MqttServerOptionsBuilder()
            .WithoutDefaultEndpoint()
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
            .WithEncryptedEndpointBoundIPV6Address(IPAddress.None)
            .WithEncryptedEndpointPort(0)
            .WithEncryptionCertificate(authority.ServerCertificate)
            .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13)
            .WithPersistentSessions()
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            throw;
        }

        // MQTTnet writes the port the operating system bound back into the endpoint options (port 0 = ephemeral).
        var port = options.TlsEndpointOptions.Port;
        if (port is <= 0 or > 65535)
        {
            await server.StopAsync().ConfigureAwait(false);
            server.Dispose();
            throw new InvalidOperationException("the embedded broker did not report the port it bound");
        }

        return new EmbeddedBroker(server, port);
    }

    /// <summary>Stops listening and disconnects every client; idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0 && _server.IsStarted)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }
}
