using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Zones.Bundles;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>The integrator's path on a fresh unit: provision, selftest, run, wipe — each as the real executable.</summary>
public sealed class ProvisionSelftestWipeTests : IDisposable
{
    private readonly TestDirectory dir = new();
    private readonly SigningKey authority = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_provisioned_unit_passes_selftest_runs_and_wipe_erases_its_data_but_not_while_it_runs()
    {
        var data = dir.File("data");
        var etc = Directory.CreateDirectory(dir.File("etc")).FullName;
        var publicKey = dir.File("authority.pub.pem");
        File.WriteAllText(publicKey, authority.PublicKeyPem());
        var bundle = dir.File("policy.bundle");
        File.WriteAllBytes(bundle, TestPolicies.Sign(TestPolicies.Json(brokerPort: 9), authority));
        var capture = Corpus.PathOf("ublox-neo-m9n-nmea.log");

        var provision = await DeviceProcess.RunAsync("provision", "--unit-id", "unit-0042", "--data-dir", data, "--trust-dir", dir.File("trust"),
            "--trust-key", publicKey, "--bundle", bundle, "--receiver", $"file:{capture}", "--config-out", Path.Combine(etc, "unit.json"));
        Assert.True(provision.ExitCode == 0, provision.StandardError);
        Assert.True(File.Exists(Path.Combine(data, "device.key")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(Path.Combine(data, "device.key")));
        var again = await DeviceProcess.RunAsync("provision", "--unit-id", "unit-0042", "--data-dir", data, "--config-out", Path.Combine(etc, "unit.json"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.StandardError, StringComparison.Ordinal);

        var selftest = await DeviceProcess.RunAsync("selftest", "--config-dir", etc, "Receiver:MinimumPlausibleDate=2020-01-01T00:00:00Z", "LocalFeed:Enabled=false");
        Assert.True(selftest.ExitCode == 0, selftest.StandardOutput + selftest.StandardError);
        Assert.Contains("WARN  policy", selftest.StandardOutput, StringComparison.Ordinal); // installed at the agent's first start
        Assert.Contains("PASS  receiver", selftest.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PASS  trust", selftest.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"selftest: \d+ passed, \d+ warnings, 0 failed", selftest.StandardOutput);

        var run = await DeviceProcess.RunAsync(TimeSpan.FromSeconds(90), null, "run", "--config-dir", etc,
            "Receiver:MinimumPlausibleDate=2020-01-01T00:00:00Z", "Receiver:DrainTimeout=00:00:01", "LocalFeed:Enabled=false");
        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.True(File.Exists(Path.Combine(data, "audit.jsonl")));
        Assert.True(File.Exists(Path.Combine(data, "outbox.db")));

        var after = await DeviceProcess.RunAsync("selftest", "--config-dir", etc, "Receiver:MinimumPlausibleDate=2020-01-01T00:00:00Z");
        Assert.Contains("PASS  policy", after.StandardOutput, StringComparison.Ordinal);

        var refused = await DeviceProcess.RunAsync("wipe", "--config-dir", etc);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--yes", refused.StandardError, StringComparison.Ordinal);
        using (var running = Hosting.UnitLock(data))
        {
            var busy = await DeviceProcess.RunAsync("wipe", "--yes", "--config-dir", etc);
            Assert.Equal(1, busy.ExitCode);
            Assert.Contains("stop it first", busy.StandardError, StringComparison.Ordinal);
        }

        var wipe = await DeviceProcess.RunAsync("wipe", "--yes", "--config-dir", etc);
        Assert.True(wipe.ExitCode == 0, wipe.StandardError);
        Assert.Contains("records erased", wipe.StandardOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "outbox.db")));
        Assert.False(File.Exists(Path.Combine(data, "audit.jsonl")));
        Assert.True(File.Exists(Path.Combine(data, "device.key")));

        var keys = await DeviceProcess.RunAsync("wipe", "--yes", "--keys", "--config-dir", etc);
        Assert.True(keys.ExitCode == 0, keys.StandardError);
        Assert.False(File.Exists(Path.Combine(data, "device.key")));
        var broken = await DeviceProcess.RunAsync("selftest", "--config-dir", etc);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("FAIL  device-key", broken.StandardOutput, StringComparison.Ordinal);
    }

    private static class Hosting
    {
        public static IDisposable UnitLock(string data) => Device.Hosting.DataDirectoryLock.TryAcquire(data) ?? throw new InvalidOperationException("lock busy");
    }
}
