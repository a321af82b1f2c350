using System.Net;
using GeoFence.Zones.Policy;
using GeoFence.Zones.Tests.Support;

namespace GeoFence.Zones.Tests;

public sealed class BrokerApprovalTests
{
    [Fact]
    public void Brokers_come_from_the_policy_with_their_constraints()
    {
        var policy = Policies.Compile(new PolicyJson());
        var tls = policy.Brokers[0];
        Assert.Equal("mqtt.example.cn", tls.Host);
        Assert.Equal(8883, tls.Port);
        Assert.True(tls.ClientCertificateRequired);
        Assert.False(tls.LoopbackDemo);
        Assert.True(tls.AllowsAddress(IPAddress.Parse("10.3.4.5")));
        Assert.True(tls.AllowsAddress(IPAddress.Parse("::ffff:10.3.4.5")));
        Assert.False(tls.AllowsAddress(IPAddress.Parse("11.0.0.1")));
        var demo = policy.Brokers[1];
        Assert.True(demo.LoopbackDemo);
        Assert.True(demo.AllowsAddress(IPAddress.Loopback));
        Assert.True(demo.AllowsAddress(IPAddress.IPv6Loopback));
        Assert.False(demo.AllowsAddress(IPAddress.Parse("192.168.1.2")));
    }

    [Theory]
    [InlineData("""[{"host":"h","port":8883,"allowedCidrs":["10.0.0.0/8"]}]""", "caCertificates or spkiSha256")]
    [InlineData("""[{"host":"h","port":8883,"spkiSha256":["abc"],"allowedCidrs":["10.0.0.0/8"]}]""", "64 hex digits")]
    [InlineData("""[{"host":"h","port":8883,"spkiSha256":["00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"],"allowedCidrs":["ten"]}]""", "not a CIDR")]
    [InlineData("""[{"host":"h","port":8883,"loopbackDemo":true,"allowedCidrs":[]}]""", "allowedCidrs")]
    [InlineData("""[{"host":"h","port":70000,"loopbackDemo":true,"allowedCidrs":["127.0.0.1/32"]}]""", "brokers[0].port")]
    public void Bad_brokers_are_rejected_naming_the_field(string brokers, string expected)
    {
        var ex = Assert.Throws<PolicyFormatException>(() => PolicyParser.Parse(new PolicyJson { Brokers = brokers }.Utf8()));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
