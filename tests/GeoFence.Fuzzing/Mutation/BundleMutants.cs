using System.Text;
using GeoFence.Fuzzing.Seeds;
using GeoFence.Zones.Bundles;

namespace GeoFence.Fuzzing.Mutation;

/// <summary>How a bundle input was made, which decides what acceptance means for it.</summary>
public enum BundleMutantKind
{
    /// <summary>Raw bytes of a seed bundle mutated: verifying is a finding unless byte-equal to a seed.</summary>
    Raw,

    /// <summary>A canonical envelope rebuilt around a mutated payload, signature list, key id, algorithm or type, with no new valid signature.</summary>
    Rebuilt,

    /// <summary>A mutated payload freshly signed by a trusted key: may verify; only unexpected exceptions count.</summary>
    TrustedResign,
}

/// <summary>Makes bundle inputs: raw mutants, rebuilt envelopes around mutated parts, and trusted re-signs of mutated documents.</summary>
public sealed class BundleMutants
{
    private static readonly string[] PayloadTypes =
    [
        SignedEnvelope.PolicyPayloadType, "application/vnd.geofence.policy+json;version=2", "application/json", "",
        "application/vnd.geofence.policy+json;version=1 ", "APPLICATION/VND.GEOFENCE.POLICY+JSON;VERSION=1",
    ];

    private readonly PolicySeeds _seeds;
    private readonly Mutator _raw;
    private readonly Mutator _document;
    private readonly Random _random;

    /// <summary>Creates the generator with its own seeded random sequence.</summary>
    public BundleMutants(PolicySeeds seeds, int seed)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        _seeds = seeds;
        _raw = new Mutator(seed, r => seeds.Bundles[r.Next(seeds.Bundles.Count)], MutationFamilies.Policy, 1 << 16);
        _document = new Mutator(seed + 1, r => PolicyDocuments.All[r.Next(PolicyDocuments.All.Count)], MutationFamilies.Policy, 1 << 16);
        _random = new Random(seed + 2);
    }

    /// <summary>The next input and how it was made.</summary>
    public (byte[] Input, BundleMutantKind Kind) Next()
    {
        var choice = _random.Next(16);
        if (choice < 8)
        {
            return (_raw.Next(), BundleMutantKind.Raw);
        }

        if (choice == 15)
        {
            return (PolicySeeds.Sign(_document.Next(), _random.Next(4) == 0 ? _seeds.Sm2 : _seeds.Ecdsa), BundleMutantKind.TrustedResign);
        }

        var seed = SignedEnvelope.Parse(_seeds.Bundles[_random.Next(_seeds.Bundles.Count)]);
        return (Rebuild(seed).ToCanonicalBytes(), BundleMutantKind.Rebuilt);
    }

    private SignedEnvelope Rebuild(SignedEnvelope seed)
    {
        var signatures = seed.Signatures.ToList();
        switch (_random.Next(7))
        {
            case 0:
            case 1:
                return new SignedEnvelope(seed.PayloadType, _document.Mutate(seed.Payload), signatures);
            case 2:
                var resigned = SignedEnvelope.Sign(seed.PayloadType, _document.Mutate(seed.Payload), _seeds.Untrusted);
                return new SignedEnvelope(seed.PayloadType, resigned.Payload, [.. resigned.Signatures, .. signatures.Take(_random.Next(2))]);
            case 3:
                var i = _random.Next(signatures.Count);
                var s = signatures[i];
                signatures[i] = s with { Signature = _raw.Mutate(s.Signature) };
                return new SignedEnvelope(seed.PayloadType, seed.Payload, signatures);
            case 4:
                var j = _random.Next(signatures.Count);
                signatures[j] = _random.Next(3) switch
                {
                    0 => signatures[j] with { Algorithm = signatures[j].Algorithm == SignatureAlgorithmNames.Sm2 ? SignatureAlgorithmNames.EcdsaP256 : SignatureAlgorithmNames.Sm2 },
                    1 => signatures[j] with { KeyId = _random.Next(2) == 0 ? signatures[j].KeyId.ToUpperInvariant() : OtherKeyId(signatures[j].KeyId) },
                    _ => signatures[j] with { Algorithm = Encoding.UTF8.GetString(_raw.Mutate(Encoding.UTF8.GetBytes(signatures[j].Algorithm))) },
                };
                return new SignedEnvelope(seed.PayloadType, seed.Payload, signatures);
            case 5:
                return new SignedEnvelope(PayloadTypes[_random.Next(PayloadTypes.Length)], seed.Payload, signatures);
            default:
                // Signature list edits that keep the payload: repeat, reorder, drop all, add a bogus one in front.
                var edited = _random.Next(4) switch
                {
                    0 => [.. signatures, .. signatures],
                    1 => [.. Enumerable.Reverse(signatures)],
                    2 => [],
                    _ => new List<EnvelopeSignature> { new(signatures[0].KeyId, signatures[0].Algorithm, [0x30, 0x00]) }.Concat(signatures).ToList(),
                };
                return new SignedEnvelope(seed.PayloadType, seed.Payload, edited);
        }
    }

    private string OtherKeyId(string keyId) => keyId == _seeds.Ecdsa.KeyId ? _seeds.Sm2.KeyId : _seeds.Ecdsa.KeyId;
}
