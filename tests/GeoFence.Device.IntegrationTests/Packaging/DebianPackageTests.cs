using System.Security.Cryptography;
using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Packaging;

/// <summary>
/// The .deb built by hardware/deb/build-deb.sh (the script build.cake's Package target runs) from a small fake payload,
/// inspected with dpkg-deb: layout, owners, modes, conffiles, maintainer scripts.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DebianPackageTests
{
    [Fact]
    public async Task The_amd64_package_installs_the_agent_unit_config_and_udev_rule_root_owned()
    {
        using var dir = new TestDirectory();
        var deb = await BuildAsync(dir, "amd64", "self-contained");

        var contents = (await Tool.RunAsync("dpkg-deb", "--contents", deb)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => f[5], f => (Mode: f[0], Owner: f[1], Target: f.Length > 7 ? f[7] : null));

        Assert.All(contents.Values, e => Assert.Equal("root/root", e.Owner));
        Assert.Equal("drwxr-xr-x", contents["./"].Mode);
        Assert.Equal("-rwxr-xr-x", contents["./usr/lib/geofence-device/geofence-device"].Mode);
        Assert.Equal("-rw-r--r--", contents["./usr/lib/geofence-device/libfake.so"].Mode);
        Assert.Equal("lrwxrwxrwx", contents["./usr/bin/geofence-device"].Mode);
        Assert.Equal("../lib/geofence-device/geofence-device", contents["./usr/bin/geofence-device"].Target);
        Assert.Equal("-rw-r--r--", contents["./lib/systemd/system/geofence-device.service"].Mode);
        Assert.Equal("-rw-r--r--", contents["./etc/geofence-device/appsettings.json"].Mode);
        Assert.Equal("-rw-r--r--", contents["./lib/udev/rules.d/99-geofence-gnss.rules"].Mode);
        Assert.DoesNotContain(contents.Keys, k => k.StartsWith("./var/", StringComparison.Ordinal));

        var control = await Tool.RunAsync("dpkg-deb", "--field", deb);
        Assert.Contains("Package: geofence-device\n", control);
        Assert.Contains("Architecture: amd64\n", control);
        Assert.Contains("Version: 1.2.3-test\n", control);
        Assert.Contains("Depends: adduser,", control);
        Assert.DoesNotContain("dotnet-runtime", control);

        Assert.Equal("/etc/geofence-device/appsettings.json\n", await Tool.RunAsync("dpkg-deb", "--info", deb, "conffiles"));
        var info = await Tool.RunAsync("dpkg-deb", "--info", deb);
        Assert.Matches(@"\*\s+postinst", info);
        Assert.Matches(@"\*\s+prerm", info);
        Assert.Matches(@"\*\s+postrm", info);

        var sums = await File.ReadAllTextAsync(deb + ".sha256");
        await using var stream = File.OpenRead(deb);
        Assert.Equal($"{Convert.ToHexStringLower(await SHA256.HashDataAsync(stream))}  {Path.GetFileName(deb)}\n", sums);
    }

    [Fact]
    public async Task The_postinst_creates_the_user_and_a_private_state_directory_offline_and_the_unit_is_hardened()
    {
        using var dir = new TestDirectory();
        var deb = await BuildAsync(dir, "arm64", "self-contained");

        var postinst = await Tool.RunAsync("dpkg-deb", "--info", deb, "postinst");
        await Tool.RunAsync("sh", "-n", "-c", postinst);
        Assert.Contains("adduser --system --group", postinst);
        Assert.Contains("for group in dialout gpio i2c", postinst);
        Assert.Contains("install -d -o geofence -g geofence -m 0750 /var/lib/geofence-device", postinst);
        Assert.DoesNotMatch(@"\b(curl|wget|apt-get|dotnet)\b", postinst);

        await Tool.RunAsync("dpkg-deb", "--extract", deb, dir.File("root"));
        var unit = await File.ReadAllTextAsync(dir.File("root/lib/systemd/system/geofence-device.service"));
        Assert.Contains("Type=notify\n", unit);
        Assert.Contains("WatchdogSec=10\n", unit);
        Assert.Contains("ExecStart=/usr/bin/geofence-device run\n", unit);
        Assert.Contains("User=geofence\n", unit);
        Assert.Contains("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n", unit);
        Assert.Contains("ReadWritePaths=/var/lib/geofence-device\n", unit);
    }

    [Fact]
    public async Task The_armhf_package_is_framework_dependent_and_says_so()
    {
        using var dir = new TestDirectory();
        var deb = await BuildAsync(dir, "armhf", "framework-dependent");

        var control = await Tool.RunAsync("dpkg-deb", "--field", deb);
        Assert.Contains("Architecture: armhf\n", control);
        Assert.Matches(@"Depends: .*dotnet-runtime-10\.0", control);
        Assert.Contains("framework-dependent", control);
    }

    [Theory]
    [InlineData("amd64", "native-aot", "NativeAOT build: one native executable, no .NET runtime needed.")]
    [InlineData("arm64", "native-aot", "NativeAOT build: one native executable, no .NET runtime needed.")]
    [InlineData("amd64", "self-contained", "Self-contained single-file build (JIT): no .NET runtime needed.")]
    public async Task The_description_names_the_build_flavour_the_package_carries(string arch, string flavour, string line)
    {
        using var dir = new TestDirectory();
        var deb = await BuildAsync(dir, arch, flavour);

        var description = await Tool.RunAsync("dpkg-deb", "--field", deb, "Description");
        Assert.Contains(" " + line + "\n", description, StringComparison.Ordinal);
        Assert.Equal(1, description.Split('\n').Count(l => l.Contains("no .NET runtime needed", StringComparison.Ordinal)));
        Assert.DoesNotContain("dotnet-runtime", await Tool.RunAsync("dpkg-deb", "--field", deb, "Depends"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_flavour_builds_no_package()
    {
        using var dir = new TestDirectory();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => BuildAsync(dir, "arm64", "aot"));

        Assert.Contains("unknown flavour: aot", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")), "an output directory was created for a rejected flavour");
    }

    private static async Task<string> BuildAsync(TestDirectory dir, string arch, string flavour)
    {
        var payload = Directory.CreateDirectory(dir.File("payload")).FullName;
        var agent = Path.Combine(payload, "geofence-device");
        await File.WriteAllTextAsync(agent, "#!/bin/sh\necho fake agent\n");
        File.SetUnixFileMode(agent, (UnixFileMode)Convert.ToInt32("755", 8));
        await File.WriteAllTextAsync(Path.Combine(payload, "libfake.so"), "not really a library\n");
        File.SetUnixFileMode(Path.Combine(payload, "libfake.so"), (UnixFileMode)Convert.ToInt32("600", 8));

        var output = await Tool.RunAsync("sh", RepositoryRoot.File("hardware", "deb", "build-deb.sh"), arch, "1.2.3-test", payload, dir.File("out"), flavour);
        var deb = output.Trim();
        Assert.Equal(dir.File($"out/geofence-device_1.2.3-test_{arch}.deb"), deb);
        return deb;
    }
}
