using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Zones.Bundles;

namespace GeoFence.Device.IntegrationTests.Simulate;

/// <summary>Each error path prints one line (what, where, how to fix) and exits 2 (usage) or 1 (runtime), writing no report.</summary>
public sealed class SimulateErrorTests : IDisposable
{
    private readonly SimulateWorkspace work = new();

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task A_missing_input_file_exits_1_naming_the_option()
    {
        var result = await work.SimulateAsync(work.File("no-such-drive.log"), work.File("out"));

        AssertOneLine(result, 1, "does not exist (--input)", "Fix: check the path");
    }

    [Fact]
    public async Task A_missing_bundle_exits_1_and_says_how_to_make_one()
    {
        var result = await Simulate("--input", work.Drive(points: 5), "--bundle", work.File("none.bundle"), "--trust", work.Trust, "--out", work.File("out"));

        AssertOneLine(result, 1, "does not exist (--bundle)", "policy sign");
    }

    [Fact]
    public async Task An_unreadable_bundle_exits_1_with_the_reason()
    {
        var garbage = work.File("garbage.bundle");
        File.WriteAllText(garbage, "this is not a signed policy bundle\n");

        var result = await Simulate("--input", work.Drive(points: 5), "--bundle", garbage, "--trust", work.Trust, "--out", work.File("out"));

        AssertOneLine(result, 1, "policy bundle refused: MalformedBundle", "re-create it with 'policy sign'");
        Assert.False(File.Exists(Path.Combine(work.File("out"), "report.html")));
    }

    [Fact]
    public async Task A_bundle_path_that_is_a_directory_exits_1()
    {
        var result = await Simulate("--input", work.Drive(points: 5), "--bundle", work.Path, "--trust", work.Trust, "--out", work.File("out"));

        AssertOneLine(result, 1, "(--bundle)", "Fix:");
    }

    [Fact]
    public async Task Show_zones_without_a_signing_key_is_a_usage_error()
    {
        var result = await work.SimulateAsync(work.Drive(points: 5), work.File("out"), "--show-zones");

        AssertOneLine(result, 2, "--show-zones needs --signing-key", "give the private key that signed the bundle");
    }

    [Fact]
    public async Task A_signing_key_without_show_zones_is_a_usage_error()
    {
        var result = await work.SimulateAsync(work.Drive(points: 5), work.File("out"), "--signing-key", work.SigningKeyFile);

        AssertOneLine(result, 2, "--signing-key is only used with --show-zones", "add --show-zones");
    }

    [Fact]
    public async Task A_key_that_did_not_sign_the_bundle_is_refused_and_no_zone_is_named()
    {
        var stranger = work.WriteKey("stranger.key.pem", SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256));
        var output = work.File("out");

        var result = await work.SimulateAsync(work.Drive(points: 5), output, "--show-zones", "--signing-key", stranger);

        var line = AssertOneLine(result, 1, "did not sign this bundle", $"signed by {work.Authority.KeyId}");
        Assert.DoesNotContain(SimulateWorkspace.BlockId, line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "report.html")));
        Assert.False(File.Exists(Path.Combine(output, "forwarded.jsonl")));
    }

    [Fact]
    public async Task A_signer_that_is_not_trusted_is_refused()
    {
        var second = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);
        var bundle = work.File("two-signers.bundle");
        var envelope = SignedEnvelope.Parse(File.ReadAllBytes(work.Bundle));
        File.WriteAllBytes(bundle, SignedEnvelope.Sign(envelope.PayloadType, envelope.Payload, work.Authority, second).ToCanonicalBytes());
        var secondKey = work.WriteKey("second.key.pem", second);

        var result = await Simulate("--input", work.Drive(points: 5), "--bundle", bundle, "--trust", work.Trust, "--out", work.File("out"), "--min-date", "2000-01-01", "--show-zones", "--signing-key", secondKey);

        AssertOneLine(result, 1, "is not in the trust directory", "(--signing-key)");
    }

    [Fact]
    public async Task A_public_key_given_as_the_signing_key_is_refused()
    {
        var publicKey = work.File("authority.pub.pem");
        File.WriteAllText(publicKey, work.Authority.PublicKeyPem());

        var result = await work.SimulateAsync(work.Drive(points: 5), work.File("out"), "--show-zones", "--signing-key", publicKey);

        AssertOneLine(result, 1, "is not a P-256 or SM2 PKCS#8 PRIVATE KEY PEM (--signing-key)", "not the public one");
    }

    [Fact]
    public async Task A_missing_signing_key_file_exits_1()
    {
        var result = await work.SimulateAsync(work.Drive(points: 5), work.File("out"), "--show-zones", "--signing-key", work.File("nope.pem"));

        AssertOneLine(result, 1, "does not exist (--signing-key)", "Fix:");
    }

    [Fact]
    public async Task An_output_directory_that_cannot_be_created_exits_1()
    {
        var file = work.File("a-file");
        File.WriteAllText(file, "not a directory");

        var result = await work.SimulateAsync(work.Drive(points: 5), Path.Combine(file, "out"));

        AssertOneLine(result, 1, "can't prepare output directory", "choose a writable directory");
    }

    [Fact]
    public async Task An_output_file_taken_by_a_directory_exits_1()
    {
        var output = Directory.CreateDirectory(work.File("out")).FullName;
        Directory.CreateDirectory(Path.Combine(output, "report.html", "x")); // a stale report.html can't be removed or replaced

        var result = await work.SimulateAsync(work.Drive(points: 5), output);

        AssertOneLine(result, 1, "can't prepare output directory", "(--out)", "choose a writable directory");
    }

    private static Task<DeviceProcess.Result> Simulate(params string[] args) =>
        DeviceProcess.RunAsync(TimeSpan.FromSeconds(120), null, ["simulate", .. args]);

    private static string AssertOneLine(DeviceProcess.Result result, int exitCode, params string[] parts)
    {
        Assert.True(result.ExitCode == exitCode, $"exit {result.ExitCode}, expected {exitCode}: {result.StandardError}");
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("geofence-device simulate: ", line, StringComparison.Ordinal);
        Assert.All(parts, part => Assert.Contains(part, line, StringComparison.Ordinal));
        return line;
    }
}
