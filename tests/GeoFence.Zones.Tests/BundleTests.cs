using GeoFence.Zones.Bundles;
using GeoFence.Zones.Hosting;
using GeoFence.Zones.Tests.Support;

namespace GeoFence.Zones.Tests;

public sealed class BundleTests
{
    [Theory]
    [InlineData(SignatureAlgorithm.EcdsaP256Sha256)]
    [InlineData(SignatureAlgorithm.Sm2Sm3)]
    public void Signed_bundle_verifies_with_the_trusted_key(SignatureAlgorithm algorithm)
    {
        using var unit = new BundleFixture(algorithm);
        var policy = BundleVerifier.Verify(unit.Bundle(3), TrustStore.Load(unit.TrustDirectory));
        Assert.Equal(3, policy.Document.Version);
        Assert.Equal(unit.Authority.KeyId, policy.SignerKeyId);
        Assert.Equal(32, unit.Authority.KeyId.Length);
    }

    [Fact]
    public void Private_key_pem_round_trips_for_both_algorithms()
    {
        foreach (var algorithm in new[] { SignatureAlgorithm.EcdsaP256Sha256, SignatureAlgorithm.Sm2Sm3 })
        {
            var key = SigningKey.Generate(algorithm);
            var again = SigningKey.FromPem(key.PrivateKeyPem());
            Assert.Equal(key.KeyId, again.KeyId);
            Assert.Equal(algorithm, again.Algorithm);
        }
    }

    [Theory]
    [InlineData(SignatureAlgorithm.EcdsaP256Sha256)]
    [InlineData(SignatureAlgorithm.Sm2Sm3)]
    public void Every_single_byte_change_is_rejected(SignatureAlgorithm algorithm)
    {
        using var unit = new BundleFixture(algorithm);
        var trust = TrustStore.Load(unit.TrustDirectory);
        var bundle = SignedEnvelope.Sign(SignedEnvelope.PolicyPayloadType, MinimalPolicy, unit.Authority).ToCanonicalBytes();
        var accepted = 0;
        Parallel.For(0, bundle.Length, i =>
        {
            var copy = (byte[])bundle.Clone();
            // ECDSA: all 255 other values of every byte. SM2 (BouncyCastle, ~20× slower): every single-bit flip of every byte.
            var values = algorithm == SignatureAlgorithm.Sm2Sm3
                ? Enumerable.Range(0, 8).Select(bit => bundle[i] ^ (1 << bit))
                : Enumerable.Range(0, 256);
            foreach (var value in values)
            {
                if (value == bundle[i])
                {
                    continue;
                }

                copy[i] = (byte)value;
                try
                {
                    BundleVerifier.Verify(copy, trust);
                    Interlocked.Increment(ref accepted);
                }
                catch (BundleException)
                {
                }
            }
        });
        Assert.Equal(0, accepted);
        Assert.NotNull(BundleVerifier.Verify(bundle, trust));
    }

    // Small on purpose: the test tries every other value of every byte (≈ 150 k variants).
    private static readonly byte[] MinimalPolicy = """{"schema":"geofence-policy/1","policyId":"p","version":1,"issuedAt":"2026-01-01T00:00:00Z","notBefore":"2026-01-01T00:00:00Z","notAfter":"2027-01-01T00:00:00Z","defaultAction":{"action":"block"},"zones":{"type":"FeatureCollection","features":[]},"brokers":[],"output":{"maxPrecision_m":1,"datum":"WGS84"}}"""u8.ToArray();

    [Fact]
    public void Truncated_or_extended_bundle_is_rejected()
    {
        using var unit = new BundleFixture();
        var trust = TrustStore.Load(unit.TrustDirectory);
        var bundle = unit.Bundle(1);
        Assert.Throws<BundleException>(() => BundleVerifier.Verify(bundle.AsSpan(0, bundle.Length - 1), trust));
        Assert.Throws<BundleException>(() => BundleVerifier.Verify([.. bundle, (byte)'\n'], trust));
    }

    [Fact]
    public void Signature_by_another_key_under_the_trusted_key_id_is_a_bad_signature()
    {
        using var unit = new BundleFixture();
        var forger = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);
        var genuine = SignedEnvelope.Parse(BundleFixture.Sign(new PolicyJson(), forger));
        var forged = new SignedEnvelope(genuine.PayloadType, genuine.Payload,
            [genuine.Signatures[0] with { KeyId = unit.Authority.KeyId }]).ToCanonicalBytes();
        var ex = Assert.Throws<BundleException>(() => BundleVerifier.Verify(forged, TrustStore.Load(unit.TrustDirectory)));
        Assert.Equal(PolicyStatus.BadSignature, ex.Status);
    }

    [Fact]
    public void Algorithm_mismatch_is_a_bad_signature()
    {
        using var unit = new BundleFixture();
        var genuine = SignedEnvelope.Parse(unit.Bundle(1));
        var relabelled = new SignedEnvelope(genuine.PayloadType, genuine.Payload,
            [genuine.Signatures[0] with { Algorithm = SignatureAlgorithmNames.Sm2 }]).ToCanonicalBytes();
        Assert.Equal(PolicyStatus.BadSignature, Assert.Throws<BundleException>(() => BundleVerifier.Verify(relabelled, TrustStore.Load(unit.TrustDirectory))).Status);
    }

    [Fact]
    public void Unknown_key_id_fails_closed_with_reason()
    {
        using var unit = new BundleFixture();
        var stranger = SigningKey.Generate(SignatureAlgorithm.Sm2Sm3);
        var result = unit.Store.Install(BundleFixture.Sign(new PolicyJson(), stranger));
        Assert.False(result.Accepted);
        Assert.Equal(PolicyStatus.UnknownKeyId, result.State.Status);
        Assert.Contains(stranger.KeyId, result.State.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_empty_trust_directory_fails_closed()
    {
        using var unit = new BundleFixture();
        var missing = new PolicyStore(unit.DataDirectory, Path.Combine(unit.DataDirectory, "nope"), unit.DeviceKeyFile, unit.Clock);
        Assert.Equal(PolicyStatus.NoTrustedKeys, missing.Install(unit.Bundle(1)).State.Status);
        Assert.Equal(PolicyStatus.NoTrustedKeys, missing.LoadInstalled().Status);
        using var empty = new TempDirectory();
        Assert.Equal(PolicyStatus.NoTrustedKeys, new PolicyStore(unit.DataDirectory, empty.Path, unit.DeviceKeyFile, unit.Clock).LoadInstalled().Status);
    }

    [Fact]
    public void Expired_and_not_yet_valid_bundles_are_refused()
    {
        using var unit = new BundleFixture();
        Assert.Equal(PolicyStatus.Expired, unit.Store.Install(unit.Bundle(1, "2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z")).State.Status);
        Assert.Equal(PolicyStatus.NotYetValid, unit.Store.Install(unit.Bundle(1, "2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z")).State.Status);
        Assert.Equal(PolicyStatus.NoBundle, unit.Store.LoadInstalled().Status);
    }

    [Fact]
    public void Installed_policy_expires_over_time()
    {
        using var unit = new BundleFixture();
        Assert.True(unit.Store.Install(unit.Bundle(1, notAfter: "2026-06-02T00:00:00Z")).Accepted);
        Assert.Equal(PolicyStatus.Usable, unit.Store.LoadInstalled().Status);
        unit.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(PolicyStatus.Expired, unit.Store.LoadInstalled().Status);
    }

    [Fact]
    public void Rollback_and_replay_are_refused_and_the_version_persists()
    {
        using var unit = new BundleFixture();
        Assert.True(unit.Store.Install(unit.Bundle(5)).Accepted);
        Assert.Equal(PolicyStatus.Rollback, unit.Store.Install(unit.Bundle(4)).State.Status);
        Assert.Equal(PolicyStatus.Rollback, unit.Store.Install(unit.Bundle(5)).State.Status);
        var reopened = new PolicyStore(unit.DataDirectory, unit.TrustDirectory, unit.DeviceKeyFile, unit.Clock);
        Assert.Equal(5, reopened.AcceptedVersion());
        Assert.Equal(PolicyStatus.Rollback, reopened.Install(unit.Bundle(3)).State.Status);
        Assert.True(reopened.Install(unit.Bundle(6)).Accepted);
        Assert.Equal(6, reopened.LoadInstalled().Policy!.Document.Version);
    }

    [Fact]
    public void Old_encrypted_bundle_copied_back_is_a_rollback()
    {
        using var unit = new BundleFixture();
        Assert.True(unit.Store.Install(unit.Bundle(1)).Accepted);
        var old = File.ReadAllBytes(Path.Combine(unit.DataDirectory, PolicyStore.BundleFileName));
        Assert.True(unit.Store.Install(unit.Bundle(2)).Accepted);
        File.WriteAllBytes(Path.Combine(unit.DataDirectory, PolicyStore.BundleFileName), old);
        Assert.Equal(PolicyStatus.Rollback, unit.Store.LoadInstalled().Status);
    }

    [Fact]
    public void Bundle_at_rest_is_encrypted_and_tampering_fails_closed()
    {
        using var unit = new BundleFixture();
        Assert.True(unit.Store.Install(unit.Bundle(1)).Accepted);
        var path = Path.Combine(unit.DataDirectory, PolicyStore.BundleFileName);
        var stored = File.ReadAllBytes(path);
        Assert.DoesNotContain("payload", System.Text.Encoding.ASCII.GetString(stored), StringComparison.Ordinal);
        stored[^1] ^= 1;
        File.WriteAllBytes(path, stored);
        Assert.Equal(PolicyStatus.StorageError, unit.Store.LoadInstalled().Status);
    }

    [Fact]
    public void Missing_anti_rollback_state_fails_closed()
    {
        using var unit = new BundleFixture();
        Assert.True(unit.Store.Install(unit.Bundle(1)).Accepted);
        File.Delete(Path.Combine(unit.DataDirectory, PolicyStore.StateFileName));
        Assert.Equal(PolicyStatus.StorageError, unit.Store.LoadInstalled().Status);
        Assert.Equal(PolicyStatus.StorageError, unit.Store.Install(unit.Bundle(2)).State.Status);
    }

    [Fact]
    public void Failed_update_keeps_the_old_policy_and_is_reported()
    {
        using var unit = new BundleFixture();
        var holder = new PolicyHolder();
        var updater = new PolicyUpdater(unit.Store, holder);
        Assert.Equal(PolicyStatus.NoBundle, updater.LoadAtStartup().Status);
        Assert.True(updater.Apply(unit.Bundle(2)).Accepted);
        var tampered = unit.Bundle(3);
        tampered[40] ^= 0x20;
        Assert.False(updater.Apply(tampered).Accepted);
        Assert.Equal(2, holder.Current.Policy!.Document.Version);
        Assert.Equal(PolicyStatus.MalformedBundle, updater.LastRejection!.Status);

        var drop = Path.Combine(unit.DataDirectory, "incoming.bundle");
        File.WriteAllBytes(drop, unit.Bundle(1));
        Assert.False(updater.ApplyDroppedFile(drop).Accepted);
        Assert.True(File.Exists(drop + ".rejected"));
        File.WriteAllBytes(drop, unit.Bundle(3));
        Assert.True(updater.ApplyDroppedFile(drop).Accepted);
        Assert.False(File.Exists(drop));
        Assert.Equal(3, holder.Current.Policy!.Document.Version);
    }
}
