using System.Net;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Forwarding.Gate;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Hosting;
using GeoFence.Zones.Model;

namespace GeoFence.Device.IntegrationTests.Demo;

/// <summary>The demo unit starts from its directories exactly as a field unit does, and its policy approves only the embedded broker.</summary>
public sealed class DemoPolicyTests
{
    [Fact]
    public async Task The_installed_bundle_loads_from_the_written_trust_dir_and_approves_exactly_the_embedded_broker_over_tls()
    {
        await using var demo = await DemoEnvironment.StartAsync(new DemoEnvironmentOptions { ConnectConsumer = false });
        var holder = new PolicyHolder();
        var updater = new PolicyUpdater(new PolicyStore(demo.DataDirectory, demo.TrustDirectory, demo.DeviceKeyFile, TimeProvider.System), holder);

        var state = updater.LoadAtStartup();

        Assert.True(state.IsUsable, state.ToString());
        var policy = holder.Current.Policy!;
        Assert.Equal(DemoPolicy.PolicyId, policy.Document.PolicyId);
        Assert.Equal(demo.Policy.KeyId, policy.SignerKeyId);
        Assert.Equal(DefaultActionKind.Allow, policy.Document.Default.Kind);
        Assert.Equal([ZoneAction.Redact, ZoneAction.Block], policy.Document.Zones.Select(z => z.Action));
        Assert.Equal([DemoPolicy.RedactZoneId, DemoPolicy.BlockZoneId], policy.Document.Zones.Select(z => z.Id));
        Assert.NotNull(policy.Document.Output.TrajectoryGuard);

        var broker = Assert.Single(policy.Brokers);
        Assert.Equal("127.0.0.1", broker.Host);
        Assert.Equal(demo.BrokerPort, broker.Port);
        Assert.False(broker.LoopbackDemo);
        Assert.False(broker.ClientCertificateRequired);
        Assert.Equal(demo.Authority.CaCertificatePem, Assert.Single(broker.CaCertificatesPem));
        Assert.True(broker.AllowsAddress(IPAddress.Loopback));
        Assert.False(broker.AllowsAddress(IPAddress.Parse("127.0.0.2")));
        Assert.False(broker.AllowsAddress(IPAddress.IPv6Loopback));
        Assert.False(broker.AllowsAddress(IPAddress.Parse("10.0.0.1")));
        Assert.Same(broker, BrokerSelection.Choose(policy.Brokers, null));
        Assert.Same(broker, BrokerSelection.Choose(policy.Brokers, "127.0.0.1", demo.BrokerPort));
        Assert.Null(BrokerSelection.Choose(policy.Brokers, "localhost"));
    }

    [Fact]
    public async Task The_unit_directory_is_laid_out_like_a_field_unit_and_is_gone_after_dispose()
    {
        var demo = await DemoEnvironment.StartAsync(new DemoEnvironmentOptions { ConnectConsumer = false });
        string root;
        await using (demo)
        {
            root = demo.Unit.Root;
            Assert.True(File.Exists(Path.Combine(demo.DataDirectory, PolicyStore.BundleFileName)));
            Assert.True(File.Exists(Path.Combine(demo.DataDirectory, PolicyStore.StateFileName)));
            var trusted = Assert.Single(Directory.GetFiles(demo.TrustDirectory, "*.pem"));
            Assert.Equal(demo.Policy.KeyId + ".pub.pem", Path.GetFileName(trusted));
            Assert.DoesNotContain("PRIVATE", File.ReadAllText(trusted), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(root, "*.key.pem", SearchOption.AllDirectories)); // the signing key stays in memory
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(demo.DeviceKeyFile));
            }

            Assert.Equal(demo.Policy.Bundle.ToArray(), File.ReadAllBytes(demo.BundleFile));
            Assert.Equal(demo.Drive.Bytes.ToArray(), File.ReadAllBytes(demo.DriveFile));
            var verified = BundleVerifier.Verify(File.ReadAllBytes(demo.BundleFile), TrustStore.Load(demo.TrustDirectory));
            Assert.Equal(1, verified.Document.Version);
            Assert.True(verified.Document.IsValidAt(DateTimeOffset.UtcNow));
            Assert.Equal($"geofence/demo-unit/fix", demo.FixTopic);
            Assert.Equal(demo.FixTopic, demo.ForwarderOptions().FixTopic);
            Assert.Equal(demo.StatusTopic, demo.ForwarderOptions().StatusTopic);
        }

        Assert.False(Directory.Exists(root));
        Assert.False(demo.Broker.IsStarted);
    }

    [Fact]
    public async Task A_changed_bundle_or_a_stranger_trust_dir_is_refused_by_the_units_own_install_path()
    {
        await using var demo = await DemoEnvironment.StartAsync(new DemoEnvironmentOptions { ConnectConsumer = false });
        using var dir = new TestDirectory();
        var data = Directory.CreateDirectory(dir.File("data")).FullName;
        var tampered = demo.Policy.Bundle.ToArray();
        tampered[tampered.Length / 2] ^= 0x01;

        var changed = new PolicyStore(data, demo.TrustDirectory, demo.DeviceKeyFile, TimeProvider.System).Install(tampered);
        Assert.False(changed.Accepted);
        Assert.Contains(changed.State.Status, new[] { PolicyStatus.MalformedBundle, PolicyStatus.BadSignature });

        var strangerTrust = Directory.CreateDirectory(dir.File("trust")).FullName;
        var stranger = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);
        File.WriteAllText(Path.Combine(strangerTrust, stranger.KeyId + ".pub.pem"), stranger.PublicKeyPem());
        var unknown = new PolicyStore(data, strangerTrust, demo.DeviceKeyFile, TimeProvider.System).Install(demo.Policy.Bundle.Span);
        Assert.False(unknown.Accepted);
        Assert.Equal(PolicyStatus.UnknownKeyId, unknown.State.Status);

        Assert.False(File.Exists(Path.Combine(data, PolicyStore.BundleFileName)));
    }

    [Fact]
    public async Task The_injected_clock_sets_the_policy_window_the_certificates_and_the_drive()
    {
        var now = new DateTimeOffset(2026, 6, 1, 8, 30, 15, TimeSpan.Zero);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now);
        await using var demo = await DemoEnvironment.StartAsync(new DemoEnvironmentOptions { Time = clock, ConnectConsumer = false, Validity = TimeSpan.FromHours(6) });

        var document = demo.Policy.Compiled.Document;
        Assert.Equal(now.AddHours(-1), document.NotBefore);
        Assert.Equal(now.AddHours(6), document.NotAfter);
        Assert.Equal(now, demo.Drive.Start);
        Assert.True(document.IsValidAt(demo.Drive.End));
        Assert.True(demo.Authority.Issued(demo.Authority.ServerCertificate, now));
        Assert.False(demo.Authority.Issued(demo.Authority.ServerCertificate, now.AddHours(7)));
        var atInstall = new PolicyStore(demo.DataDirectory, demo.TrustDirectory, demo.DeviceKeyFile, clock).LoadInstalled();
        Assert.True(atInstall.IsUsable, atInstall.ToString());
        clock.Advance(TimeSpan.FromHours(6));
        var expired = new PolicyStore(demo.DataDirectory, demo.TrustDirectory, demo.DeviceKeyFile, clock).LoadInstalled();
        Assert.Equal(PolicyStatus.Expired, expired.Status);
    }

    [Fact]
    public void Bad_arguments_make_no_policy()
    {
        using var authority = DemoCertificateAuthority.Create(DateTimeOffset.UtcNow);
        var now = DateTimeOffset.UtcNow;
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoPolicy.Create(DemoRoute.Default, authority.CaCertificatePem, 0, now, TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoPolicy.Create(DemoRoute.Default, authority.CaCertificatePem, 65536, now, TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoPolicy.Create(DemoRoute.Default, authority.CaCertificatePem, 8883, now, TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => DemoPolicy.Create(DemoRoute.Default, " ", 8883, now, TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoCertificateAuthority.Create(now, TimeSpan.FromHours(-1)));
    }
}
