using System.Diagnostics;
using GeoFence.Device.Cli.Selftest;
using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Selftest;

/// <summary>The self-test's key-file and trust-directory lines on real files with real modes and owners.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFilePermissionCheckTests : IDisposable
{
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Rwx = Rw | UnixFileMode.UserExecute;

    private readonly TestDirectory dir = new();
    private readonly string key;
    private readonly string trust;
    private readonly uint me = UnixOwnership.EffectiveUid()!.Value;

    public KeyFilePermissionCheckTests()
    {
        key = dir.File("device.key");
        File.WriteAllBytes(key, new byte[32]);
        File.SetUnixFileMode(key, Rw);
        trust = Directory.CreateDirectory(dir.File("trust")).FullName;
        File.SetUnixFileMode(trust, Rwx | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.WriteAllText(Path.Combine(trust, "authority.pub.pem"), "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n");
        File.SetUnixFileMode(Path.Combine(trust, "authority.pub.pem"), Rw | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    public void Dispose() => dir.Dispose();

    [Fact]
    public void A_0600_key_and_a_0755_trust_directory_owned_by_the_service_user_pass()
    {
        var results = Run();

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.True(r.Outcome == SelftestOutcome.Pass, r.ToString()));
        Assert.Contains("mode 0600", results[0].Detail, StringComparison.Ordinal);
        Assert.Contains("mode 0755", results[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_0400_key_is_stricter_than_0600_and_passes()
    {
        File.SetUnixFileMode(key, UnixFileMode.UserRead);

        Assert.Equal(SelftestOutcome.Pass, Run()[0].Outcome);
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.OtherRead, "0604")]
    [InlineData(UnixFileMode.UserExecute, "0700")]
    public void A_key_readable_by_others_fails_with_the_exact_chmod(UnixFileMode extra, string shown)
    {
        File.SetUnixFileMode(key, Rw | extra);

        var result = Run()[0];

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Equal("key-file", result.Check);
        Assert.Equal($"{key}: mode {shown} lets others read the key: run chmod 600 {key}", result.Detail);
    }

    [Fact]
    public void A_group_writable_trust_directory_and_a_world_writable_key_in_it_fail_with_chmod_go_w()
    {
        File.SetUnixFileMode(trust, Rwx | UnixFileMode.GroupWrite | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var pem = Path.Combine(trust, "authority.pub.pem");
        File.SetUnixFileMode(pem, Rw | UnixFileMode.OtherWrite);

        var result = Run()[1];

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Equal("trust-dir", result.Check);
        Assert.Contains("directory mode 0770 is writable by group or others", result.Detail, StringComparison.Ordinal);
        Assert.EndsWith($"run chmod go-w {trust} && chmod go-w {pem}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_owned_by_another_user_fails_with_the_exact_chown()
    {
        var serviceUid = me == 0 ? 4242u : me + 1;
        if (me == 0)
        {
            Chown(4343, key); // someone who is neither the service user nor root
        }

        var result = KeyFilePermissionCheck.Run(key, trust, "geofence", serviceUid)[0];

        Assert.Equal(SelftestOutcome.Fail, result.Outcome);
        Assert.Contains("not geofence or root", result.Detail, StringComparison.Ordinal);
        Assert.EndsWith($"run chown geofence:geofence {key}", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_report_nothing_here_because_the_device_key_and_trust_lines_fail_them()
    {
        Assert.Empty(KeyFilePermissionCheck.Run(dir.File("none.key"), dir.File("no-trust"), "geofence", me));
    }

    [Fact]
    public void Owners_and_user_ids_are_read_from_the_system()
    {
        Assert.Equal(me, UnixOwnership.OwnerOf(key));
        Assert.Null(UnixOwnership.OwnerOf(dir.File("missing")));
        Assert.Equal(0u, UnixOwnership.UidOf("root"));
        var passwd = dir.File("passwd");
        File.WriteAllLines(passwd, ["root:x:0:0:root:/root:/bin/bash", "broken-line", "geofence:x:998:998::/var/lib/geofence-device:/usr/sbin/nologin"]);
        Assert.Equal(998u, UnixOwnership.UidOf("geofence", passwd));
        Assert.Null(UnixOwnership.UidOf("nobody-here", passwd));
        Assert.Equal("geofence", UnixOwnership.NameOf(998, passwd));
        Assert.Equal("4711", UnixOwnership.NameOf(4711, passwd));
        Assert.Null(UnixOwnership.UidOf("root", dir.File("no-passwd")));
    }

    private List<SelftestResult> Run() => [.. KeyFilePermissionCheck.Run(key, trust, "geofence", me)];

    private static void Chown(int uid, string path)
    {
        using var chown = Process.Start("chown", [uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path]) ?? throw new InvalidOperationException("chown did not start");
        chown.WaitForExit();
        Assert.Equal(0, chown.ExitCode);
    }
}
