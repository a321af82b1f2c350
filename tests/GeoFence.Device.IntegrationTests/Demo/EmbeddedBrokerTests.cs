using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using GeoFence.Forwarding.Publishing;
using GeoFence.Forwarding.Outbox;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Zones.Model;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;

namespace GeoFence.Device.IntegrationTests.Demo;

/// <summary>The embedded broker is TLS only, on 127.0.0.1 only, and its certificate is trusted only through the demo CA.</summary>
public sealed class EmbeddedBrokerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_plaintext_client_is_refused_while_a_client_trusting_the_demo_ca_connects_and_its_publishes_are_counted()
    {
        using var authority = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);
        await using var broker = await EmbeddedBroker.StartAsync(authority);

        using var plaintext = new MqttClientFactory().CreateMqttClient();
        using var timeout = new CancellationTokenSource(Patience);
        var plain = new MqttClientOptionsBuilder().WithTcpServer(EmbeddedBroker.Host, broker.Port).WithTimeout(TimeSpan.FromSeconds(5)).Build();
        await Assert.ThrowsAnyAsync<Exception>(() => plaintext.ConnectAsync(plain, timeout.Token));
        Assert.False(plaintext.IsConnected);

        await using var consumer = await DemoConsumer.ConnectAsync(EmbeddedBroker.Host, broker.Port, authority.CaCertificate, "t/u/fix", "t/u/status", timeout.Token);
        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(TrustingClient(broker.Port, authority), timeout.Token);
        for (var i = 1; i <= 3; i++)
        {
            await publisher.PublishStringAsync("t/u/fix", $$"""[{"seq":{{i}},"level":"precise"}]""", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken: timeout.Token);
        }

        await consumer.WhenRecordsAsync(3, timeout.Token);
        Assert.Equal(3, broker.MessagesReceived("t/u/fix"));
        Assert.Equal(0, broker.MessagesReceived("t/u/status"));
        Assert.Equal([1L, 2L, 3L], consumer.Sequences());
    }

    [Fact]
    public async Task A_client_that_trusts_another_ca_refuses_the_broker()
    {
        using var authority = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);
        using var stranger = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);
        await using var broker = await EmbeddedBroker.StartAsync(authority);
        using var timeout = new CancellationTokenSource(Patience);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            DemoConsumer.ConnectAsync(EmbeddedBroker.Host, broker.Port, stranger.CaCertificate, "t/u/fix", "t/u/status", timeout.Token));
    }

    [Fact]
    public void The_consumers_certificate_check_needs_the_demo_ca_and_the_right_name()
    {
        using var authority = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);
        using var stranger = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);

        Assert.True(DemoConsumer.IsTrusted(authority.ServerCertificate, SslPolicyErrors.None, authority.CaCertificate));
        Assert.True(DemoConsumer.IsTrusted(authority.ServerCertificate, SslPolicyErrors.RemoteCertificateChainErrors, authority.CaCertificate)); // the platform doesn't know the demo CA
        Assert.False(DemoConsumer.IsTrusted(authority.ServerCertificate, SslPolicyErrors.None, stranger.CaCertificate));
        Assert.False(DemoConsumer.IsTrusted(authority.ServerCertificate, SslPolicyErrors.RemoteCertificateNameMismatch, authority.CaCertificate));
        Assert.False(DemoConsumer.IsTrusted(null, SslPolicyErrors.RemoteCertificateNotAvailable, authority.CaCertificate));
        Assert.True(authority.Issued(authority.ServerCertificate, DateTimeOffset.UtcNow));
        Assert.False(authority.Issued(authority.ServerCertificate, DateTimeOffset.UtcNow.AddDays(3))); // one day by default
        Assert.False(stranger.Issued(authority.ServerCertificate, DateTimeOffset.UtcNow));
        Assert.False(authority.CaCertificate.HasPrivateKey);
        Assert.True(authority.ServerCertificate.HasPrivateKey);
    }

    [Fact]
    public async Task The_forwarders_gate_refuses_the_embedded_broker_when_the_policy_pins_another_ca()
    {
        using var authority = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);
        using var stranger = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);
        await using var broker = await EmbeddedBroker.StartAsync(authority);
        using var dir = new TestDirectory();
        using var outbox = DurableOutbox.Open(new OutboxOptions { DatabasePath = dir.File("outbox.db") }, TimeProvider.System, NullLogger.Instance);
        var approval = new BrokerApproval(EmbeddedBroker.Host, broker.Port, [stranger.CaCertificatePem], [], [IPNetwork.Parse("127.0.0.1/32")], false, false);
        var forwarder = new MqttForwarder(() => approval, outbox, new ForwarderOptions { UnitId = "demo-unit" }, TimeProvider.System, NullLogger.Instance);
        var refused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        forwarder.StateChanged += state =>
        {
            if (state == ForwarderState.NotApproved)
            {
                refused.TrySetResult();
            }
        };
        using var stop = new CancellationTokenSource();
        var run = forwarder.RunAsync(stop.Token);

        await refused.Task.WaitAsync(Patience);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);

        Assert.Equal("server certificate is not issued by the pinned CA", forwarder.Rejection.Reason);
        Assert.Equal(0, forwarder.Counters.RecordsAcknowledged);
        Assert.Empty(broker.MessagesByTopic());
    }

    [Fact]
    public async Task The_broker_listens_on_ipv4_loopback_only()
    {
        using var authority = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);
        await using var broker = await EmbeddedBroker.StartAsync(authority);
        Assert.True(broker.IsStarted);
        Assert.InRange(broker.Port, 1, 65535);

        using (var v4 = new TcpClient(AddressFamily.InterNetwork))
        {
            await v4.ConnectAsync(IPAddress.Loopback, broker.Port);
            Assert.True(v4.Connected);
        }

        if (Socket.OSSupportsIPv6)
        {
            using var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            await Assert.ThrowsAsync<SocketException>(async () => await v6.ConnectAsync(IPAddress.IPv6Loopback, broker.Port));
        }

        await broker.StopAsync();
        Assert.False(broker.IsStarted);
        using var after = new TcpClient(AddressFamily.InterNetwork);
        await Assert.ThrowsAsync<SocketException>(async () => await after.ConnectAsync(IPAddress.Loopback, broker.Port));
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task The_broker_speaks_tls_1_2_and_1_3_with_the_demo_server_certificate(SslProtocols protocol)
    {
        using var authority = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);
        await using var broker = await EmbeddedBroker.StartAsync(authority);
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        await tcp.ConnectAsync(IPAddress.Loopback, broker.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        using var timeout = new CancellationTokenSource(Patience);

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = EmbeddedBroker.Host,
            EnabledSslProtocols = protocol,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => DemoConsumer.IsTrusted(certificate, errors, authority.CaCertificate),
        }, timeout.Token);

        Assert.Equal(protocol, tls.SslProtocol);
        Assert.Equal(authority.ServerCertificate.Thumbprint, new System.Security.Cryptography.X509Certificates.X509Certificate2(tls.RemoteCertificate!).Thumbprint);
    }

    private static MqttClientOptions TrustingClient(int port, DemoCertificateAuthority authority) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer(EmbeddedBroker.Host, port)
            .WithClientId("test-publisher")
            .WithTlsOptions(o => o.UseTls().WithTargetHost(EmbeddedBroker.Host)
                .WithCertificateValidationHandler(e => DemoConsumer.IsTrusted(e.Certificate, e.SslPolicyErrors, authority.CaCertificate)))
            .Build();
}
