using System.Net;
using GeoFence.Device.Cli.Selftest;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Forwarding.Publishing;
using GeoFence.Forwarding.Tests.Infrastructure;
using GeoFence.Zones.Model;

namespace GeoFence.Device.IntegrationTests.Selftest;

/// <summary>
/// The self-test's broker line against Debian's real mosquitto with TLS: it passes only when the forwarder's own
/// handshake (the policy's CA, host name, validity, address range) and an MQTT CONNECT succeed, and each failure says
/// what to fix.
/// </summary>
public sealed class BrokerHandshakeCheckTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly TestDirectory dir = new();
    private readonly TlsMaterial authority = TlsMaterial.CreateCa("Authority CA");

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_broker_with_a_certificate_from_the_pinned_CA_passes_the_handshake_and_the_CONNECT()
    {
        using var broker = new MosquittoBroker(dir.File("good"), authority);

        var result = await RunAsync(Approval(broker.Port));

        Assert.True(result.Outcome == SelftestOutcome.Pass, result.ToString());
        Assert.Contains($"localhost:{broker.Port} approved by the policy; TLS to the pinned CA, MQTT CONNECT accepted", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_whose_certificate_comes_from_another_CA_fails_with_wrong_CA()
    {
        using var broker = new MosquittoBroker(dir.File("rogue"), TlsMaterial.CreateCa("Rogue CA"));

        var result = await RunAsync(Approval(broker.Port));

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Contains("not issued by the pinned CA: wrong CA: install a broker certificate issued by the CA the signed policy pins", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_broker_certificate_fails_with_renew()
    {
        var (certificate, key, _) = authority.IssueServer(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        using var broker = new MosquittoBroker(dir.File("expired"), authority, serverCertificate: (certificate, key));

        var result = await RunAsync(Approval(broker.Port));

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Contains("expired or not yet valid: expired certificate: renew the broker's certificate", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broker.other.test")]
    [InlineData(null)] // no subjectAltName at all, CN=localhost: the common name alone does not count
    public async Task A_broker_certificate_that_does_not_name_the_approved_host_in_its_alt_names_fails_with_name_mismatch(string? altName)
    {
        var (certificate, key, _) = authority.IssueServer(commonName: altName ?? "localhost", dnsNames: altName is null ? [] : [altName], ipAddresses: []);
        using var broker = new MosquittoBroker(dir.File("misnamed"), authority, serverCertificate: (certificate, key));

        var result = await RunAsync(Approval(broker.Port));

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Contains("does not name the approved host: name mismatch: the broker's certificate must carry localhost in its subjectAltName", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_that_is_down_fails_with_connection_refused()
    {
        int port;
        using (var broker = new MosquittoBroker(dir.File("down"), authority))
        {
            port = broker.Port;
        }

        var result = await RunAsync(Approval(port));

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Contains($"localhost:{port}: connection refused: nothing listens on port {port}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_MQTT_listener_fails_when_the_policy_requires_TLS()
    {
        using var broker = new MosquittoBroker(dir.File("plain"));

        var result = await RunAsync(Approval(broker.Port));

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Contains("TLS handshake failed", result.Detail, StringComparison.Ordinal);
        Assert.Contains($"check that port {broker.Port} is the broker's TLS listener", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_outside_the_policy_ranges_fails_before_any_connection()
    {
        using var broker = new MosquittoBroker(dir.File("cidr"), authority);

        var result = await RunAsync(Approval(broker.Port) with { AllowedAddressRanges = [IPNetwork.Parse("10.0.0.0/8")] });

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Contains("outside the policy's ranges", result.Detail, StringComparison.Ordinal);
        Assert.Contains("allowedCidrs", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_that_requires_a_client_certificate_fails_without_one_and_names_the_keys()
    {
        var result = await RunAsync(Approval(1) with { ClientCertificateRequired = true });

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Contains("Broker:ClientCertificateFile and Broker:ClientKeyFile", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_probe_connects_beside_a_running_agent_without_taking_over_its_session()
    {
        using var broker = new MosquittoBroker(dir.File("session"), authority);
        var approval = Approval(broker.Port);
        var options = new ForwarderOptions { UnitId = "unit-7" };
        using var agent = new MQTTnet.MqttClientFactory().CreateMqttClient();
        var agentOptions = new MQTTnet.MqttClientOptionsBuilder()
            .WithClientId("geofence-unit-7") // the forwarder's client id for this unit
            .WithCleanStart(false)
            .WithTcpServer("127.0.0.1", broker.Port)
            .WithTlsOptions(tls => tls.UseTls().WithTargetHost("localhost").WithCertificateValidationHandler(_ => true))
            .Build();
        await agent.ConnectAsync(agentOptions);

        var result = await BrokerHandshakeCheck.RunAsync(approval, options, TimeProvider.System, Timeout, CancellationToken.None);

        Assert.Equal(SelftestOutcome.Pass, result.Outcome);
        await agent.PingAsync(); // a probe with the agent's client id would have had the broker drop this connection
        Assert.True(agent.IsConnected);
        await agent.DisconnectAsync(new MQTTnet.MqttClientDisconnectOptions());
    }

    private BrokerApproval Approval(int port) =>
        new("localhost", port, [authority.CaPem], [], [IPNetwork.Parse("127.0.0.1/32")], false, false);

    private static Task<SelftestResult> RunAsync(BrokerApproval approval) =>
        BrokerHandshakeCheck.RunAsync(approval, new ForwarderOptions { UnitId = "unit-7" }, TimeProvider.System, Timeout, CancellationToken.None);
}
