using System.Security.Cryptography;
using System.Text;
using GeoFence.Forwarding.Publishing;
using GeoFence.Forwarding.Tests.Infrastructure;
using GeoFence.Forwarding.Tests.Outbox;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace GeoFence.Forwarding.Tests.Publishing;

/// <summary>A signed bundle published retained on the policy topic goes through the same verification as a file drop.</summary>
public sealed class PolicyTopicTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_retained_bundle_is_applied_and_an_older_or_tampered_one_is_refused()
    {
        using var dir = new OutboxFixture();
        var tls = TlsMaterial.CreateCa("GeoFence Test CA");
        using var broker = new MosquittoBroker(Path.Combine(dir.Directory, "broker"), tls);
        var authority = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);
        var trust = Directory.CreateDirectory(Path.Combine(dir.Directory, "trust")).FullName;
        File.WriteAllText(Path.Combine(trust, authority.KeyId + ".pub.pem"), authority.PublicKeyPem());
        var deviceKey = Path.Combine(dir.Directory, "device.key");
        File.WriteAllBytes(deviceKey, RandomNumberGenerator.GetBytes(32));
        var store = new PolicyStore(Path.Combine(dir.Directory, "data"), trust, deviceKey, TimeProvider.System);
        var holder = new PolicyHolder();
        var receiver = new PolicyBundleReceiver(new PolicyUpdater(store, holder), NullLogger.Instance);
        var results = new List<PolicyUpdateResult>();
        var signals = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        receiver.Applied += r =>
        {
            lock (results)
            {
                results.Add(r);
                signals[results.Count - 1].TrySetResult();
            }
        };

        await PublishRetainedAsync(broker.Port, "geofence/unit-7/policy", Bundle(authority, version: 5));
        await using var fixture = new ForwarderFixture();
        fixture.Start(() => ForwarderFixture.Approval(broker.Port, tls.CaPem), onPolicy: receiver.OnBundleAsync);

        await signals[0].Task.WaitAsync(Patience);
        Assert.True(results[0].Accepted, results[0].State.ToString());
        Assert.Equal(5, holder.Current.Policy!.Document.Version);

        await PublishRetainedAsync(broker.Port, "geofence/policy", Bundle(authority, version: 4));
        await signals[1].Task.WaitAsync(Patience);
        Assert.False(results[1].Accepted);
        Assert.Equal(PolicyStatus.Rollback, results[1].State.Status);

        var tampered = Bundle(authority, version: 6);
        tampered[tampered.Length / 2] ^= 0x01;
        await PublishRetainedAsync(broker.Port, "geofence/unit-7/policy", tampered);
        await signals[2].Task.WaitAsync(Patience);
        Assert.False(results[2].Accepted);
        Assert.Equal(5, holder.Current.Policy!.Document.Version);
    }

    private static byte[] Bundle(SigningKey key, long version) =>
        SignedEnvelope.Sign(SignedEnvelope.PolicyPayloadType, Encoding.UTF8.GetBytes($$$"""
            {"schema":"geofence-policy/1","policyId":"topic-test","version":{{{version}}},"issuedAt":"2026-01-01T00:00:00Z",
             "notBefore":"2026-01-01T00:00:00Z","notAfter":"2036-01-01T00:00:00Z","defaultAction":{"action":"allow"},
             "errorModel":{"confidenceFactor":2.45,"uere_m":6,"minRadius_m":3,"maxRadius_m":100},
             "zones":{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"z1","action":"block","radius_m":100},"geometry":{"type":"Point","coordinates":[116,40]}}]},
             "brokers":[{"host":"localhost","port":1883,"allowedCidrs":["127.0.0.1/32"],"loopbackDemo":true}],
             "output":{"maxPrecision_m":1,"datum":"WGS84","fields":["time","lat","lon"],"trajectoryGuard":{"delay_s":30,"approachMin_m":200,"approachMax_m":600,"clearanceMin_m":200,"clearanceMax_m":600,"minSuppressed_s":60},"constantRate_s":null,"retentionDays":7}}
            """), key).ToCanonicalBytes();

    private static async Task PublishRetainedAsync(int port, string topic, byte[] payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithTlsOptions(o => o.UseTls().WithTargetHost("localhost").WithCertificateValidationHandler(_ => true)).Build());
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(true)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync();
    }
}
