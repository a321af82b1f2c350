using GeoFence.Fuzzing.Campaign;
using GeoFence.Fuzzing.Mutation;
using GeoFence.Fuzzing.Seeds;
using GeoFence.Zones.Bundles;

namespace GeoFence.Fuzzing.Targets;

/// <summary>
/// Bundle bytes → <see cref="BundleVerifier.Verify"/> (envelope parse, canonical form, signature, policy parse and compile:
/// the code <see cref="PolicyStore"/> runs for a file drop or an MQTT bundle). The only allowed failure is
/// <see cref="BundleException"/>. An accepted bundle must carry a signed seed's exact payload type, payload and
/// trusted-key signature entries; only entries by keys the unit does not trust may differ (DSSE multi-signature
/// envelopes allow them; they are counted, see <see cref="AcceptedResignatured"/>).
/// </summary>
public sealed class BundleTarget : IFuzzTarget
{
    private readonly PolicySeeds _seeds;
    private readonly HashSet<string> _seedBundles;

    /// <summary>Creates the target over the seeds' trust store.</summary>
    public BundleTarget(PolicySeeds seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        _seeds = seeds;
        _seedBundles = [.. seeds.Bundles.Select(Convert.ToBase64String)];
    }

    /// <inheritdoc />
    public string Name => "bundle";

    /// <summary>Accepted inputs that differ from a seed only in signature entries by untrusted keys (counted, not findings).</summary>
    public long AcceptedResignatured { get; private set; }

    /// <inheritdoc />
    public Finding? Run(byte[] input) => Run(input, BundleMutantKind.Raw);

    /// <inheritdoc />
    public Finding? Run(byte[] input, int variant) => Run(input, BundleMutantKind.Raw);

    /// <summary>Runs an input made as <paramref name="kind"/> says (what acceptance means depends on it).</summary>
    public Finding? Run(byte[] input, BundleMutantKind kind)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            _ = BundleVerifier.Verify(input, _seeds.Trust);
        }
        catch (BundleException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return Finding.FromException(Name, ex, input);
        }

        if (kind == BundleMutantKind.TrustedResign || _seedBundles.Contains(Convert.ToBase64String(input)))
        {
            return null;
        }

        var envelope = SignedEnvelope.Parse(input);
        var trusted = TrustedEntries(envelope);
        var seed = _seeds.Bundles.Select(b => SignedEnvelope.Parse(b)).FirstOrDefault(e =>
            e.PayloadType == envelope.PayloadType && e.Payload.AsSpan().SequenceEqual(envelope.Payload)
            && TrustedEntries(e).SequenceEqual(trusted, StringComparer.Ordinal));
        if (seed is null)
        {
            return new Finding(Name, "invariant altered bundle verified", "a bundle whose payload or trusted signatures differ from every signed seed verified", input);
        }

        AcceptedResignatured++;
        return null;
    }

    private List<string> TrustedEntries(SignedEnvelope envelope) =>
        [.. envelope.Signatures.Where(s => _seeds.Trust.Find(s.KeyId) is not null)
            .Select(s => $"{s.KeyId} {s.Algorithm} {Convert.ToBase64String(s.Signature)}").Order(StringComparer.Ordinal)];
}
