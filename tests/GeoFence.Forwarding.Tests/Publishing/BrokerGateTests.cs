using System.Net;
using GeoFence.Forwarding.Publishing;
using GeoFence.Forwarding.Tests.Infrastructure;

namespace GeoFence.Forwarding.Tests.Publishing;

/// <summary>
/// Approval only from the signed policy: every way a broker can fail the gate ends with 0 payload bytes at a listener
/// standing in for the rogue broker, and a status reason that names the failure.
/// </summary>
public sealed class BrokerGateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Cases() => new()
    {
        "other-ca",
        "spki-mismatch",
        "expired",
        "cidr-outside",
        "plaintext",
        "not-listed",
        "client-certificate-missing",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_broker_failing_the_gate_receives_no_payload_byte_and_status_names_the_reason(string failure)
    {
        var pinnedCa = TlsMaterial.CreateCa("Authority CA");
        var rogueCa = TlsMaterial.CreateCa("Rogue CA");
        var (_, _, rogueCertificate) = failure switch
        {
            "other-ca" => rogueCa.IssueServer(),
            "expired" => pinnedCa.IssueServer(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1)),
            "plaintext" => (string.Empty, string.Empty, null!),
            _ => pinnedCa.IssueServer(),
        };
        using var rogue = new RogueListener(IPAddress.Loopback, failure == "plaintext" ? null : rogueCertificate);
        var approval = failure switch
        {
            "spki-mismatch" => ForwarderFixture.Approval(rogue.Port, caPem: null, pins: [new string('a', 64)]),
            "cidr-outside" => ForwarderFixture.Approval(rogue.Port, pinnedCa.CaPem, cidr: "127.0.0.2/32"),
            "client-certificate-missing" => ForwarderFixture.Approval(rogue.Port, pinnedCa.CaPem) with { ClientCertificateRequired = true },
            _ => ForwarderFixture.Approval(rogue.Port, pinnedCa.CaPem),
        };
        var expectedReason = failure switch
        {
            "other-ca" => "not issued by the pinned CA",
            "spki-mismatch" => "matches no SPKI pin",
            "expired" => "expired",
            "cidr-outside" => "outside the policy's ranges",
            "plaintext" => null,
            "not-listed" => "no approved broker",
            "client-certificate-missing" => "client certificate",
            _ => throw new ArgumentOutOfRangeException(nameof(failure)),
        };

        await using var fixture = new ForwarderFixture();
        fixture.Append(10);
        var refused = new TaskCompletionSource<(ForwarderState State, string? Reason)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var forwarder = fixture.Start(() => failure == "not-listed" ? null : approval, stateChanged: state =>
        {
            if (state is ForwarderState.NotApproved or ForwarderState.Disconnected)
            {
                refused.TrySetResult((state, fixture.Forwarder!.Rejection.Reason));
            }
        });
        var (refusedState, reason) = await refused.Task.WaitAsync(Patience);

        if (failure == "plaintext")
        {
            // A plaintext server only ever sees the start of a TLS handshake (0x16), never an MQTT packet or a record.
            var seen = rogue.Received;
            Assert.True(seen.Length == 0 || seen[0] == 0x16, $"first byte {seen[0]:x2}");
            Assert.DoesNotContain("seq", System.Text.Encoding.Latin1.GetString(seen), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(0, rogue.PayloadBytes);
        }

        Assert.Equal(0, forwarder.Counters.Messages);
        Assert.Equal(10, fixture.Outbox.Depth);
        if (expectedReason is not null)
        {
            Assert.Equal(ForwarderState.NotApproved, refusedState);
            Assert.Contains(expectedReason, reason, StringComparison.Ordinal);
            Assert.Contains(expectedReason, forwarder.Rejection.Reason, StringComparison.Ordinal); // stays until a broker passes
        }

        if (failure is "cidr-outside" or "not-listed" or "client-certificate-missing")
        {
            Assert.Equal(0, rogue.Connections);
        }
    }

    [Fact]
    public async Task A_loopback_demo_broker_may_be_plaintext_on_loopback_only()
    {
        using var dir = new Outbox.OutboxFixture();
        using var broker = new MosquittoBroker(dir.Directory);
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: false, "geofence/unit-7/fix");
        await using var fixture = new ForwarderFixture();
        fixture.Append(5);

        fixture.Start(() => ForwarderFixture.Approval(broker.Port, loopbackDemo: true, host: "127.0.0.1"));
        await consumer.WhenAsync(c => c.Sequences.Count >= 5, Patience);

        var notLoopback = ForwarderFixture.Approval(broker.Port, loopbackDemo: true, cidr: "0.0.0.0/0");
        Assert.False(notLoopback.AllowsAddress(IPAddress.Parse("192.0.2.1")));
    }
}
