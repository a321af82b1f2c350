using System.Text;
using GeoFence.Device.Status;

namespace GeoFence.Device.IntegrationTests.Status;

/// <summary>The status topic is no oracle: suppression and no-fix read the same.</summary>
public sealed class StatusTopicPayloadTests
{
    private static readonly UnitStatus Running = UnitStatus.Initial with
    {
        Policy = PolicyState.Loaded,
        SourceAlive = true,
        Broker = BrokerState.Connected,
        QueueDepth = 3,
        Counters = new UnitCounters { Epochs = 100, Forwarded = 40 },
    };

    [Fact]
    public void Blocked_redacted_and_no_fix_epochs_publish_the_same_payload()
    {
        var noFix = Json(Running with { Fix = FixState.NoFix, LastDecision = DecisionClass.Blocked });
        var blocked = Json(Running with { Fix = FixState.Fix, SatellitesUsed = 12, LastDecision = DecisionClass.Blocked, Counters = Running.Counters with { Blocked = 60 } });
        var held = Json(Running with { Fix = FixState.Fix, SatellitesUsed = 9, LastDecision = DecisionClass.RedactingOrHolding, Counters = Running.Counters with { RedactedOrHeld = 60 } });

        Assert.Equal(noFix, blocked);
        Assert.Equal(noFix, held);
        Assert.Equal("""{"policy":"loaded","privacySwitch":false,"forwarding":false,"broker":"connected","display":"off","queueDepth":3,"forwarded":40}""", noFix);
    }

    [Fact]
    public void Forwarding_is_only_claimed_with_a_policy_a_fix_and_the_switch_off()
    {
        var forwarding = Running with { Fix = FixState.Fix, LastDecision = DecisionClass.Forwarding };
        Assert.Contains("\"forwarding\":true", Json(forwarding));
        Assert.Contains("\"forwarding\":false", Json(forwarding with { PrivacySwitchOn = true }));
        Assert.Contains("\"forwarding\":false", Json(forwarding with { Policy = PolicyState.Expired }));
    }

    private static string Json(UnitStatus status) => Encoding.UTF8.GetString(StatusTopicPayload.ToUtf8Json(status));
}
