using GeoFence.Zones.Decisions;
using GeoFence.Zones.Hosting;
using GeoFence.Zones.Policy;

namespace GeoFence.Zones.Bundles;

/// <summary>
/// Verifies a signed bundle against a trust store and compiles the policy inside. Every signature by a trusted key must
/// verify (one that fails means the bundle was altered); signatures by other keys are ignored. Time and rollback are
/// checked by the caller.
/// </summary>
public static class BundleVerifier
{
    /// <summary>Verifies and compiles; throws <see cref="BundleException"/> with the fail-closed status.</summary>
    public static CompiledPolicy Verify(ReadOnlySpan<byte> bundle, TrustStore trust)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var envelope = SignedEnvelope.Parse(bundle);
        if (envelope.PayloadType != SignedEnvelope.PolicyPayloadType)
        {
            throw new BundleException(PolicyStatus.MalformedBundle, $"payload type '{envelope.PayloadType}' is not a geofence policy");
        }

        var pae = SignedEnvelope.PreAuthenticationEncoding(envelope.PayloadType, envelope.Payload);
        string? verifiedBy = null;
        var anyKnown = false;
        foreach (var signature in envelope.Signatures)
        {
            var key = trust.Find(signature.KeyId);
            if (key is null)
            {
                continue;
            }

            anyKnown = true;
            if (!(SignatureAlgorithmNames.TryParse(signature.Algorithm, out var algorithm) && algorithm == key.Algorithm
                && key.Verify(pae, signature.Signature)))
            {
                // A trusted key's signature that fails is an altered bundle, even when another trusted key signed it too.
                verifiedBy = null;
                break;
            }

            verifiedBy ??= key.KeyId;
        }

        if (!anyKnown)
        {
            throw new BundleException(PolicyStatus.UnknownKeyId,
                $"no signature by a trusted key (bundle key ids: {string.Join(", ", envelope.Signatures.Select(s => s.KeyId))}); add the signer's public key to the trust directory");
        }

        if (verifiedBy is null)
        {
            throw new BundleException(PolicyStatus.BadSignature, "signature does not verify with the trusted key; the bundle was altered or signed with another key");
        }

        try
        {
            return CompiledPolicy.Compile(PolicyParser.Parse(envelope.Payload), verifiedBy);
        }
        catch (PolicyFormatException ex)
        {
            throw new BundleException(PolicyStatus.InvalidPolicy, $"signed policy is not usable: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException
            or InvalidCastException or IndexOutOfRangeException or NullReferenceException or NotSupportedException)
        {
            // Fail closed on a parser or compiler defect too (fuzzing found some, e.g. a lone UTF-16 surrogate in a
            // string): the bundle is refused with a reason instead of the exception escaping the update path.
            throw new BundleException(PolicyStatus.InvalidPolicy, $"signed policy is not usable: the parser failed ({ex.GetType().Name}); report it with the bundle");
        }
    }
}
