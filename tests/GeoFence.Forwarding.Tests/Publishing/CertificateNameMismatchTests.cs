using System.Net;
using GeoFence.Forwarding.Gate;
using GeoFence.Forwarding.Publishing;
using GeoFence.Forwarding.Tests.Infrastructure;
using GeoFence.Zones.Model;

namespace GeoFence.Forwarding.Tests.Publishing;

/// <summary>
/// A broker whose TLS certificate does not name the host the signed policy approves is refused, even when the
/// certificate chains to the pinned CA or its key matches the pinned SPKI: no payload byte reaches it, nothing is
/// published, the records stay in the outbox, the state is NotApproved and the reason names the mismatch.
/// </summary>
public sealed class CertificateNameMismatchTests
{
    private const string MismatchReason = "server certificate does not name the approved host";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Mismatches() => new()
    {
        "other-host",
        "common-name-matches-but-not-the-alt-names",
        "address-instead-of-the-approved-name",
        "name-instead-of-the-approved-address",
        "spki-pinned-key-for-another-host",
        "wildcard-for-another-domain",
        "no-alt-names-and-the-common-name-matches",
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public async Task A_broker_certificate_that_does_not_name_the_approved_host_receives_no_payload_byte(string mismatch)
    {
        var ca = TlsMaterial.CreateCa("Authority CA");
        var (_, _, certificate) = mismatch switch
        {
            "common-name-matches-but-not-the-alt-names" => ca.IssueServer(commonName: "localhost", dnsNames: ["broker.other.test"], ipAddresses: []),
            "address-instead-of-the-approved-name" => ca.IssueServer(commonName: "127.0.0.1", dnsNames: [], ipAddresses: [IPAddress.Loopback]),
            "name-instead-of-the-approved-address" => ca.IssueServer(dnsNames: ["localhost"], ipAddresses: []),
            "no-alt-names-and-the-common-name-matches" => ca.IssueServer(commonName: "localhost", dnsNames: [], ipAddresses: []),
            "wildcard-for-another-domain" => ca.IssueServer(commonName: "*.other.test", dnsNames: ["*.other.test"], ipAddresses: []),
            _ => ca.IssueServer(commonName: "broker.other.test", dnsNames: ["broker.other.test"], ipAddresses: []),
        };
        using var rogue = new RogueListener(IPAddress.Loopback, certificate);
        var approval = mismatch switch
        {
            "name-instead-of-the-approved-address" => ForwarderFixture.Approval(rogue.Port, ca.CaPem, host: "127.0.0.1"),
            "spki-pinned-key-for-another-host" => ForwarderFixture.Approval(rogue.Port, caPem: null, pins: [ServerCertificateCheck.SpkiSha256(certificate)]),
            _ => ForwarderFixture.Approval(rogue.Port, ca.CaPem),
        };

        await using var fixture = new ForwarderFixture();
        fixture.Append(10);
        var (state, reason) = await RunUntilRefusedAsync(fixture, () => approval);

        Assert.Equal(ForwarderState.NotApproved, state);
        Assert.Equal(MismatchReason, reason);
        Assert.True(rogue.Connections >= 1, "the listener was reached: the refusal came from the certificate, not from the network");
        Assert.Equal(0, rogue.PayloadBytes);
        Assert.Equal(0, fixture.Forwarder!.Counters.Messages);
        Assert.True(fixture.Forwarder.Counters.GateRefusals >= 1);
        Assert.Equal(10, fixture.Outbox.Depth);
    }

    [Theory]
    [InlineData("pinned-ca")]
    [InlineData("spki-pins")]
    public async Task A_real_mosquitto_with_a_certificate_for_another_host_gets_nothing_and_the_same_forwarder_delivers_to_the_named_one(string trust)
    {
        var ca = TlsMaterial.CreateCa("Authority CA");
        var wrong = ca.IssueServer(commonName: "broker.other.test", dnsNames: ["broker.other.test"], ipAddresses: []);
        var right = ca.IssueServer();
        using var dir = new Outbox.OutboxFixture();
        using var misnamed = new MosquittoBroker(Path.Combine(dir.Directory, "misnamed"), ca, serverCertificate: (wrong.CertificatePem, wrong.KeyPem));
        using var named = new MosquittoBroker(Path.Combine(dir.Directory, "named"), ca, serverCertificate: (right.CertificatePem, right.KeyPem));
        await using var misnamedConsumer = await RecordConsumer.ConnectAsync(misnamed.Port, tls: true, "geofence/unit-7/#");
        await using var namedConsumer = await RecordConsumer.ConnectAsync(named.Port, tls: true, "geofence/unit-7/#");
        BrokerApproval Approval(int port) => trust == "pinned-ca"
            ? ForwarderFixture.Approval(port, ca.CaPem)
            : ForwarderFixture.Approval(port, caPem: null, pins: [ServerCertificateCheck.SpkiSha256(wrong.Certificate), ServerCertificateCheck.SpkiSha256(right.Certificate)]);
        var current = Approval(misnamed.Port);

        await using var fixture = new ForwarderFixture();
        fixture.Append(10);
        var appended = Enumerable.Range(0, 10).Select(i => fixture.NextSequence - 10 + i).ToList();
        var (state, reason) = await RunUntilRefusedAsync(fixture, () => Volatile.Read(ref current));

        Assert.Equal(ForwarderState.NotApproved, state);
        Assert.Equal(MismatchReason, reason);
        Assert.Equal(0, fixture.Forwarder!.Counters.Messages);
        Assert.Equal(10, fixture.Outbox.Depth);

        // The control: the same forwarder, CA/pins and records, pointed at a broker whose certificate names the host.
        Volatile.Write(ref current, Approval(named.Port));
        await namedConsumer.WhenAsync(c => c.Sequences.Count >= 10, Patience);

        Assert.Equal(appended, namedConsumer.Sequences.Order());
        Assert.Null(fixture.Forwarder.Rejection.Reason);
        Assert.Empty(misnamedConsumer.Messages); // neither a record nor the retained status reached the misnamed broker
    }

    private static async Task<(ForwarderState State, string? Reason)> RunUntilRefusedAsync(ForwarderFixture fixture, Func<BrokerApproval?> approval)
    {
        var refused = new TaskCompletionSource<(ForwarderState, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Start(approval, stateChanged: state =>
        {
            if (state is ForwarderState.NotApproved or ForwarderState.Disconnected)
            {
                refused.TrySetResult((state, fixture.Forwarder!.Rejection.Reason));
            }
        });
        return await refused.Task.WaitAsync(Patience);
    }
}
