using System.Text;
using GeoFence.Fuzzing.Campaign;
using GeoFence.Fuzzing.Mutation;
using GeoFence.Fuzzing.Seeds;
using GeoFence.Fuzzing.Targets;
using GeoFence.Gnss;

namespace GeoFence.Fuzzing.Tests;

/// <summary>The harness itself: its checks can fail, its mutations are reproducible and do what they say.</summary>
public sealed class HarnessTests : IClassFixture<PolicySeedsFixture>
{
    private static readonly DateTimeOffset Noon = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PolicySeeds _seeds;

    public HarnessTests(PolicySeedsFixture fixture) => _seeds = fixture.Seeds;

    [Fact]
    public void Fix_checks_catch_half_positions_out_of_range_values_nan_and_repeated_epochs()
    {
        var good = new Fix { Time = Noon, Latitude = 48.1, Longitude = 11.5, Hdop = 0.9 };
        Assert.Null(GnssInvariants.CheckFixes([good, good with { Time = Noon.AddSeconds(1) }], GnssTarget.MinimumPlausibleDate));
        Assert.Contains("half a position", GnssInvariants.CheckFixes([good with { Longitude = null }], GnssTarget.MinimumPlausibleDate), StringComparison.Ordinal);
        Assert.Contains("latitude", GnssInvariants.CheckFixes([good with { Latitude = 90.0001 }], GnssTarget.MinimumPlausibleDate), StringComparison.Ordinal);
        Assert.Contains("longitude", GnssInvariants.CheckFixes([good with { Longitude = double.NaN }], GnssTarget.MinimumPlausibleDate), StringComparison.Ordinal);
        Assert.Contains("Hdop", GnssInvariants.CheckFixes([good with { Hdop = double.PositiveInfinity }], GnssTarget.MinimumPlausibleDate), StringComparison.Ordinal);
        Assert.Contains("already emitted", GnssInvariants.CheckFixes([good, good], GnssTarget.MinimumPlausibleDate), StringComparison.Ordinal);
        Assert.Contains("plausible", GnssInvariants.CheckFixes([good with { Time = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero) }], GnssTarget.MinimumPlausibleDate), StringComparison.Ordinal);
    }

    [Fact]
    public void Counter_checks_catch_uncounted_bytes_and_fixes_that_no_epoch_counted()
    {
        var decoder = new GnssDecoder(new GnssOptions { MinimumPlausibleDate = GnssTarget.MinimumPlausibleDate }, new FixRecorder());
        var bytes = Encoding.ASCII.GetBytes("$GPGGA,120000.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*4C\r\n");
        decoder.Feed(bytes, 0);
        decoder.Complete();
        var counters = decoder.Counters.Snapshot();
        Assert.Null(GnssInvariants.CheckCounters(counters, bytes.Length, 0, 0));
        Assert.Contains("Bytes", GnssInvariants.CheckCounters(counters, bytes.Length + 1, 0, 0), StringComparison.Ordinal);
        Assert.Contains("Epochs", GnssInvariants.CheckCounters(counters, bytes.Length, 1, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void Gnss_target_decodes_real_captures_cleanly()
    {
        var seeds = new GnssSeeds(GnssSeeds.DefaultDirectory);
        Assert.True(seeds.Count >= 80, $"only {seeds.Count} captures found");
        var target = new GnssTarget();
        foreach (var file in Directory.EnumerateFiles(GnssSeeds.DefaultDirectory, "*.log", SearchOption.AllDirectories))
        {
            Assert.Null(target.Run(File.ReadAllBytes(file)));
        }
    }

    [Fact]
    public void Bundle_target_flags_an_altered_payload_that_verifies()
    {
        // A mutated document signed by a trusted key verifies: as a raw mutant that must be reported.
        var altered = PolicySeeds.Sign(Encoding.UTF8.GetBytes(PolicyDocuments.Minimal.Replace("\"p\"", "\"q\"", StringComparison.Ordinal)), _seeds.Ecdsa);
        var finding = new BundleTarget(_seeds).Run(altered);
        Assert.NotNull(finding);
        Assert.Equal("invariant altered bundle verified", finding.Signature);
        Assert.Null(new BundleTarget(_seeds).Run(altered, BundleMutantKind.TrustedResign));
        foreach (var seed in _seeds.Bundles)
        {
            Assert.Null(new BundleTarget(_seeds).Run(seed));
        }
    }

    [Fact]
    public void Seed_documents_parse_and_compile()
    {
        foreach (var document in PolicyDocuments.All)
        {
            Assert.Null(new PolicyDocumentTarget().Run(document));
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_inputs_and_another_seed_does_not()
    {
        var seeds = new GnssSeeds(GnssSeeds.DefaultDirectory);
        var a = new Mutator(7, seeds.Pick, MutationFamilies.Gnss, 8192);
        var b = new Mutator(7, seeds.Pick, MutationFamilies.Gnss, 8192);
        var c = new Mutator(8, seeds.Pick, MutationFamilies.Gnss, 8192);
        var first = Enumerable.Range(0, 200).Select(_ => a.Next()).ToList();
        Assert.True(first.SequenceEqual(Enumerable.Range(0, 200).Select(_ => b.Next()), ByteArrays.Comparer));
        Assert.False(first.SequenceEqual(Enumerable.Range(0, 200).Select(_ => c.Next()), ByteArrays.Comparer));
    }

    [Fact]
    public void Changed_field_with_recomputed_checksum_reaches_the_field_parser()
    {
        // Fields changed by the NMEA mutator with the checksum fixed are judged on their content, not the checksum.
        var random = new Random(3);
        var sentence = "$GPGGA,120000.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*4C\r\n";
        var checksumFailures = 0;
        for (var i = 0; i < 200; i++)
        {
            var bytes = new List<byte>(Encoding.ASCII.GetBytes(sentence));
            NmeaMutations.HugeField(bytes, random);
            NmeaMutations.FixAllChecksums(bytes);
            var decoder = new GnssDecoder(new GnssOptions { MaxSentenceLength = 4096 }, new FixRecorder());
            decoder.Feed(bytes.ToArray(), 0);
            checksumFailures += (int)decoder.Counters[GnssCounter.RejectedChecksumWrong];
            Assert.Equal(1, decoder.Counters[GnssCounter.NmeaFrames]);
        }

        Assert.Equal(0, checksumFailures);
    }

    [Fact]
    public void Ubx_mutations_keep_the_fletcher_checksum_valid()
    {
        var random = new Random(5);
        for (var i = 0; i < 100; i++)
        {
            var bytes = new List<byte>();
            UbxMutations.InsertNavFrame(bytes, random, 4096);
            UbxMutations.ChangePayload(bytes, random);
            var decoder = new GnssDecoder(new GnssOptions(), new FixRecorder());
            decoder.Feed(bytes.ToArray(), 0);
            Assert.Equal(1, decoder.Counters[GnssCounter.UbxFrames]);
        }
    }

    [Fact]
    public void Minimizer_shrinks_to_the_bytes_that_matter()
    {
        var input = Encoding.ASCII.GetBytes(new string('x', 300) + "BOOM" + new string('y', 500));
        var target = new NeedleTarget();
        var minimal = Minimizer.Minimize(target, target.Run(input)!);
        Assert.Equal("BOOM", Encoding.ASCII.GetString(minimal.Input));
    }

    [Fact]
    public void Regression_names_round_trip_the_variant()
    {
        var name = RegressionName.Format("gnss", unchecked((int)0x9abcdef0), "abc");
        Assert.Equal(("gnss", unchecked((int)0x9abcdef0)), RegressionName.Parse(name));
    }

    private sealed class NeedleTarget : IFuzzTarget
    {
        public string Name => "needle";

        public Finding? Run(byte[] input) =>
            input.AsSpan().IndexOf("BOOM"u8) >= 0 ? new Finding(Name, "needle", "BOOM present", input) : null;

        public Finding? Run(byte[] input, int variant) => Run(input);
    }

    private sealed class ByteArrays : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrays Comparer = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
