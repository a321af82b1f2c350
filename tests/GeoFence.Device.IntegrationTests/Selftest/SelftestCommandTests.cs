using System.Text.Json;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Forwarding.Tests.Infrastructure;
using GeoFence.Zones.Bundles;

namespace GeoFence.Device.IntegrationTests.Selftest;

/// <summary>
/// `selftest` as the real executable on a provisioned unit whose signed policy approves a TLS mosquitto: PASS while the
/// handshake works, exit 1 with the fix when the broker is down or the device key is readable by others; a configured
/// status display that is not there is a WARN row, not a failure.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SelftestCommandTests : IDisposable
{
    private readonly TestDirectory dir = new();
    private readonly SigningKey authority = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Selftest_passes_a_real_TLS_handshake_and_fails_with_the_fix_when_the_broker_is_down_or_the_key_is_open()
    {
        var ca = TlsMaterial.CreateCa("Broker CA");
        using var broker = new MosquittoBroker(dir.File("mosquitto"), ca);
        var data = dir.File("data");
        var etc = Directory.CreateDirectory(dir.File("etc")).FullName;
        File.WriteAllText(dir.File("authority.pub.pem"), authority.PublicKeyPem());
        File.WriteAllBytes(dir.File("policy.bundle"), TestPolicies.Sign(TlsPolicy(broker.Port, ca.CaPem), authority));
        string[] settings = ["Receiver:MinimumPlausibleDate=2020-01-01T00:00:00Z", "LocalFeed:Enabled=false"];

        var provision = await DeviceProcess.RunAsync("provision", "--unit-id", "unit-0043", "--data-dir", data, "--trust-dir", dir.File("trust"),
            "--trust-key", dir.File("authority.pub.pem"), "--bundle", dir.File("policy.bundle"), "--receiver", $"file:{Corpus.PathOf("ublox-neo-m9n-nmea.log")}",
            "--config-out", Path.Combine(etc, "unit.json"));
        Assert.True(provision.ExitCode == 0, provision.StandardError);
        var run = await DeviceProcess.RunAsync(TimeSpan.FromSeconds(90), null, ["run", "--config-dir", etc, .. settings, "Receiver:DrainTimeout=00:00:01"]);
        Assert.True(run.ExitCode == 0, run.StandardError); // installs the policy from the incoming bundle

        var good = await DeviceProcess.RunAsync(["selftest", "--config-dir", etc, .. settings]);
        Assert.True(good.ExitCode == 0, good.StandardOutput + good.StandardError);
        Assert.Contains($"PASS  broker     localhost:{broker.Port} approved by the policy; TLS to the pinned CA, MQTT CONNECT accepted", good.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PASS  key-file   ", good.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PASS  trust-dir  ", good.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PASS  display    no status display configured", good.StandardOutput, StringComparison.Ordinal);

        broker.Stop();
        var key = Path.Combine(data, "device.key");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var bad = await DeviceProcess.RunAsync(["selftest", "--config-dir", etc, .. settings, "Gpio:Display:Enabled=true", "Gpio:Display:I2cBus=250"]);

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("WARN  display    no SSD1306 at I2C bus 250 address 0x3C (", bad.StandardOutput, StringComparison.Ordinal); // configured, absent: a warning
        Assert.Contains($"FAIL  broker     localhost:{broker.Port}: connection refused: nothing listens on port {broker.Port}", bad.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"FAIL  key-file   {key}: mode 0644 lets others read the key: run chmod 600 {key}", bad.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"selftest: \d+ passed, \d+ warnings, 2 failed", bad.StandardOutput);
    }

    private static string TlsPolicy(int port, string caPem)
    {
        var demo = TestPolicies.Json(brokerPort: port);
        var loopback = $$"""{"host":"127.0.0.1","port":{{port}},"allowedCidrs":["127.0.0.1/32"],"loopbackDemo":true}""";
        Assert.Contains(loopback, demo, StringComparison.Ordinal);
        return demo.Replace(loopback, $$"""{"host":"localhost","port":{{port}},"allowedCidrs":["127.0.0.1/32"],"caCertificates":[{{JsonSerializer.Serialize(caPem)}}]}""", StringComparison.Ordinal);
    }
}
