using GeoFence.Fuzzing.Seeds;
using GeoFence.Fuzzing.Targets;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Hosting;

namespace GeoFence.Fuzzing.Tests;

/// <summary>Every finding of the fuzzers, replayed: open ones must still reproduce exactly (move the file out of open/ when fixed), fixed ones must stay fixed.</summary>
public sealed class RegressionTests : IClassFixture<PolicySeedsFixture>
{
    private readonly PolicySeeds _seeds;

    public RegressionTests(PolicySeedsFixture fixture) => _seeds = fixture.Seeds;

    [Fact]
    public void Open_findings_still_reproduce_until_their_owner_fixes_them()
    {
        foreach (var path in KnownFindings.OpenFiles()) // none open today: every finding so far is fixed
        {
            var (target, variant) = KnownFindings.NameOf(path);
            var finding = FuzzCommand.TargetFor(target, _seeds).Run(File.ReadAllBytes(path), variant);
            Assert.True(finding is not null, $"{path} no longer reproduces: the bug is fixed; move it from open/ to fixed/ (then it must replay clean)");
            Assert.Equal(KnownFindings.ExpectedSignature(path), finding.Signature);
        }
    }

    [Fact]
    public void Every_finding_so_far_is_fixed_and_kept_as_a_regression()
    {
        Assert.True(KnownFindings.FixedFiles().Count >= 13, $"{KnownFindings.FixedFiles().Count} fixed regression inputs");
    }

    [Fact]
    public void Fixed_findings_replay_clean()
    {
        foreach (var path in KnownFindings.FixedFiles())
        {
            var (target, variant) = KnownFindings.NameOf(path);
            var finding = FuzzCommand.TargetFor(target, _seeds).Run(File.ReadAllBytes(path), variant);
            Assert.True(finding is null, $"{path} is marked fixed but reproduces: {finding?.Detail}");
        }
    }

    [Theory]
    [MemberData(nameof(KnownFindings.SignedPayloads), MemberType = typeof(KnownFindings))]
    public void Signed_payload_that_crashed_the_parser_is_refused_as_an_invalid_policy(string relative)
    {
        var payload = File.ReadAllBytes(Path.Combine(KnownFindings.Root, relative));
        var bundle = PolicySeeds.Sign(payload, _seeds.Ecdsa);
        var ex = Assert.Throws<BundleException>(() => BundleVerifier.Verify(bundle, _seeds.Trust));
        Assert.Equal(PolicyStatus.InvalidPolicy, ex.Status);
        Assert.Null(new BundleTarget(_seeds).Run(bundle));
    }

    [Fact]
    public void Policy_updater_rejects_a_signed_parser_crasher_and_keeps_the_installed_policy()
    {
        var unit = Directory.CreateTempSubdirectory("geofence-fuzz-unit-").FullName;
        try
        {
            var key = Path.Combine(unit, "device.key");
            File.WriteAllBytes(key, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var store = new PolicyStore(Path.Combine(unit, "data"), _seeds.TrustDirectory, key, new FixedClock(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
            Directory.CreateDirectory(Path.Combine(unit, "data"));
            var holder = new PolicyHolder();
            var updater = new PolicyUpdater(store, holder);
            Assert.True(updater.Apply(_seeds.Bundles[0]).Accepted);
            Assert.NotEmpty(KnownFindings.SignedPayloadFiles());
            foreach (var path in KnownFindings.SignedPayloadFiles())
            {
                var crasher = PolicySeeds.Sign(File.ReadAllBytes(path), _seeds.Ecdsa);
                var result = updater.Apply(crasher);
                Assert.False(result.Accepted);
                Assert.Equal(PolicyStatus.InvalidPolicy, result.State.Status);
            }

            Assert.Equal(1, store.AcceptedVersion());
        }
        finally
        {
            Directory.Delete(unit, recursive: true);
        }
    }

    [Fact]
    public void Junk_signature_entry_next_to_a_valid_one_is_a_malformed_bundle()
    {
        // Found by the bundle fuzzer: {"keyid":"","alg":"","sig":...} in front of the authority's signature verified.
        var genuine = SignedEnvelope.Parse(_seeds.Bundles[0]);
        var junk = new SignedEnvelope(genuine.PayloadType, genuine.Payload, [new EnvelopeSignature("", "", [0x30, 0x45, 0x02, 0x20, 0x17, 0x6a, 0xa0, 0x92]), .. genuine.Signatures]);
        var ex = Assert.Throws<BundleException>(() => BundleVerifier.Verify(junk.ToCanonicalBytes(), _seeds.Trust));
        Assert.Equal(PolicyStatus.MalformedBundle, ex.Status);
    }

    [Fact]
    public void Same_key_id_twice_is_a_malformed_bundle()
    {
        var genuine = SignedEnvelope.Parse(_seeds.Bundles[0]);
        var twice = new SignedEnvelope(genuine.PayloadType, genuine.Payload, [.. genuine.Signatures, .. genuine.Signatures]);
        Assert.Equal(PolicyStatus.MalformedBundle, Assert.Throws<BundleException>(() => BundleVerifier.Verify(twice.ToCanonicalBytes(), _seeds.Trust)).Status);
    }

    [Fact]
    public void Bad_signature_by_a_second_trusted_key_rejects_a_bundle_the_first_key_signed()
    {
        var genuine = SignedEnvelope.Parse(_seeds.Bundles[0]);
        var forged = new EnvelopeSignature(_seeds.Sm2.KeyId, SignatureAlgorithmNames.Sm2, genuine.Signatures[0].Signature);
        foreach (var order in new[] { new[] { forged, genuine.Signatures[0] }, [genuine.Signatures[0], forged] })
        {
            var bundle = new SignedEnvelope(genuine.PayloadType, genuine.Payload, order).ToCanonicalBytes();
            Assert.Equal(PolicyStatus.BadSignature, Assert.Throws<BundleException>(() => BundleVerifier.Verify(bundle, _seeds.Trust)).Status);
        }
    }

    [Fact]
    public void Extra_signature_by_an_untrusted_key_still_verifies_and_the_payload_is_the_signed_one()
    {
        // DSSE multi-authority envelopes: a unit ignores signers it does not trust, so the signature list is not
        // byte-stable; the payload is. Documented in docs/fuzzing.md (identify bundles by payload hash).
        var genuine = SignedEnvelope.Parse(_seeds.Bundles[0]);
        var stranger = SignedEnvelope.Sign(genuine.PayloadType, genuine.Payload, _seeds.Untrusted).Signatures[0];
        var bundle = new SignedEnvelope(genuine.PayloadType, genuine.Payload, [stranger, .. genuine.Signatures]).ToCanonicalBytes();
        Assert.Equal(genuine.Payload, SignedEnvelope.Parse(bundle).Payload);
        Assert.NotNull(BundleVerifier.Verify(bundle, _seeds.Trust));
        Assert.Null(new BundleTarget(_seeds).Run(bundle));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
