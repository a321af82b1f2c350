namespace GeoFence.Device.IntegrationTests.Policy;

public sealed class PolicyCommandTests
{
    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("sm2")]
    public void Keygen_writes_a_private_key_0600_and_a_public_key_named_by_key_id(string algorithm)
    {
        using var ws = new PolicyWorkspace();
        var (keyId, privateKey) = ws.Keygen(algorithm);
        Assert.Matches("^[0-9a-f]{32}$", keyId);
        Assert.Contains("BEGIN PRIVATE KEY", File.ReadAllText(privateKey), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privateKey));
        }
    }

    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("sm2")]
    public void Sign_then_verify_succeeds(string algorithm)
    {
        using var ws = new PolicyWorkspace();
        var bundle = ws.SignedBundle(algorithm);
        var (exit, output, error) = PolicyCli.Run("verify", "--bundle", bundle, "--trust", ws.PathOf("trust"));
        Assert.True(exit == 0, error);
        Assert.StartsWith("ok: policy cli-test version 7 signed by ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_with_an_altered_bundle_fails_with_one_line()
    {
        using var ws = new PolicyWorkspace();
        var bundle = ws.SignedBundle();
        var bytes = File.ReadAllBytes(bundle);
        bytes[60] ^= 0x01;
        File.WriteAllBytes(bundle, bytes);
        var (exit, _, error) = PolicyCli.Run("verify", "--bundle", bundle, "--trust", ws.PathOf("trust"));
        Assert.Equal(1, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith(bundle + ": ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_with_an_empty_trust_directory_fails_closed()
    {
        using var ws = new PolicyWorkspace();
        var bundle = ws.SignedBundle();
        var empty = ws.PathOf("empty");
        Directory.CreateDirectory(empty);
        var (exit, _, error) = PolicyCli.Run("verify", "--bundle", bundle, "--trust", empty);
        Assert.Equal(1, exit);
        Assert.Contains("NoTrustedKeys", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_reports_expiry_at_the_given_time()
    {
        using var ws = new PolicyWorkspace();
        var bundle = ws.SignedBundle();
        var (exit, _, error) = PolicyCli.Run("verify", "--bundle", bundle, "--trust", ws.PathOf("trust"), "--time", "2028-01-01T00:00:00Z");
        Assert.Equal(1, exit);
        Assert.Contains("expired", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_prints_summary_without_coordinates_or_names()
    {
        using var ws = new PolicyWorkspace();
        var bundle = ws.SignedBundle();
        var (exit, output, error) = PolicyCli.Run("inspect", "--bundle", bundle, "--trust", ws.PathOf("trust"));
        Assert.True(exit == 0, error);
        Assert.Contains("version:    7", output, StringComparison.Ordinal);
        Assert.Contains("zones:      2 (block 1, redact 1, permit 0", output, StringComparison.Ordinal);
        Assert.Contains("mqtt.example.cn:8883", output, StringComparison.Ordinal);
        Assert.Contains("bounds:     lat 39..40, lon 116..117", output, StringComparison.Ordinal);
        Assert.DoesNotContain("116.3", output, StringComparison.Ordinal);
        Assert.DoesNotContain("39.9", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("site-1", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("39.91", "116.31", null, "block")]
    [InlineData("39.9004", "116.2995", "1", "block")] // ≈ 43 m west of the edge: within buffer 50 m + error 3 m
    [InlineData("39.9004", "116.299", "1", "allow")] // ≈ 85 m west: clear
    [InlineData("39.95", "116.50", "2", "redact to 1000 m")]
    [InlineData("39.0", "116.0", "2", "allow")]
    public void Check_prints_the_decision(string lat, string lon, string? acc, string expected)
    {
        using var ws = new PolicyWorkspace();
        var bundle = ws.SignedBundle();
        var args = new List<string> { "check", "--bundle", bundle, "--trust", ws.PathOf("trust"), "--lat", lat, "--lon", lon };
        if (acc is not null)
        {
            args.AddRange(["--acc", acc]);
        }

        var (exit, output, error) = PolicyCli.Run([.. args]);
        Assert.True(exit == 0, error);
        Assert.StartsWith(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_points_prints_one_decision_per_line_in_order()
    {
        using var ws = new PolicyWorkspace();
        var bundle = ws.SignedBundle();
        var csv = ws.Write("points.csv", "# lat,lon,acc,time\n39.91,116.31\n39.0,116.0,2\n\n39.95,116.50,2,2026-06-03T04:00:00Z\n39.0,116.0,,2030-01-01T00:00:00Z\n");
        var (exit, output, error) = PolicyCli.Run("check", "--bundle", bundle, "--trust", ws.PathOf("trust"), "--points", csv);
        Assert.True(exit == 0, error);
        Assert.Equal(["block", "allow", "redact", "block"], output.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Check_points_with_a_bad_line_names_file_and_line()
    {
        using var ws = new PolicyWorkspace();
        var bundle = ws.SignedBundle();
        var csv = ws.Write("points.csv", "39.91,116.31\n39.0,east\n");
        var (exit, output, error) = PolicyCli.Run("check", "--bundle", bundle, "--trust", ws.PathOf("trust"), "--points", csv);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith(csv + ":2: 'east' is not a longitude", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_with_an_invalid_policy_names_the_field()
    {
        using var ws = new PolicyWorkspace();
        var (_, key) = ws.Keygen();
        var policy = ws.Write("bad.json", PolicyWorkspace.PolicyJson);
        var (exit, _, error) = PolicyCli.Run("sign", "--key", key, "--in", policy, "--out", ws.PathOf("x.bundle"));
        Assert.Equal(1, exit);
        Assert.Contains("zone \"town-1\"", error, StringComparison.Ordinal);
        Assert.Contains("radius_m", error, StringComparison.Ordinal);
        Assert.False(File.Exists(ws.PathOf("x.bundle")));
    }

    [Theory]
    [InlineData("keygen")]
    [InlineData("sign", "--in", "x.json")]
    [InlineData("check", "--bundle", "b", "--trust", "t")]
    [InlineData("keygen", "--out", "k", "--algorithm", "rsa")]
    [InlineData("verify", "--bundle", "b", "--trust", "t", "--bogus")]
    [InlineData("frobnicate")]
    [InlineData()]
    public void Usage_errors_exit_2_with_one_line(params string[] args)
    {
        var (exit, _, error) = PolicyCli.Run(args);
        Assert.Equal(2, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("keygen")]
    [InlineData("sign")]
    [InlineData("verify")]
    [InlineData("inspect")]
    [InlineData("check")]
    public void Help_shows_an_example(string command)
    {
        var (exit, output, _) = PolicyCli.RunFromRoot("policy", command, "--help");
        Assert.Equal(0, exit);
        Assert.Contains("Example: geofence-device policy " + command, output, StringComparison.Ordinal);
    }
}
