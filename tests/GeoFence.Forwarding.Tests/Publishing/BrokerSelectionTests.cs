using GeoFence.Forwarding.Gate;

namespace GeoFence.Forwarding.Tests.Publishing;

public sealed class BrokerSelectionTests
{
    [Fact]
    public void Configuration_chooses_among_approved_brokers_and_can_never_add_one()
    {
        var approved = new[] { ForwarderFixture.Approval(8883, host: "mqtt-a.example.cn"), ForwarderFixture.Approval(8884, host: "mqtt-b.example.cn") };

        Assert.Equal("mqtt-a.example.cn", BrokerSelection.Choose(approved, null)!.Host);
        Assert.Equal("mqtt-b.example.cn", BrokerSelection.Choose(approved, "MQTT-B.example.cn")!.Host);
        Assert.Equal(8884, BrokerSelection.Choose(approved, "mqtt-b.example.cn", 8884)!.Port);
        Assert.Null(BrokerSelection.Choose(approved, "mqtt-b.example.cn", 1883));
        Assert.Null(BrokerSelection.Choose(approved, "broker.example.com"));
        Assert.Null(BrokerSelection.Choose([], null));
    }
}
