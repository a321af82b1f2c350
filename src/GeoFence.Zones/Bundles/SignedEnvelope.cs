using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoFence.Zones.Hosting;

namespace GeoFence.Zones.Bundles;

/// <summary>
/// DSSE-style envelope: <c>{"payloadType","payload"(base64),"signatures":[{"keyid","alg","sig"(base64)}]}</c> plus a
/// final newline. Signatures cover the DSSE pre-authentication encoding of type and payload. The file must be byte-exact
/// canonical form (as <see cref="ToCanonicalBytes"/> writes it), so every single-byte change is rejected; every entry
/// must name a well-formed key id (32 lower-case hex digits) and a known algorithm, each key id at most once. A bundle
/// may still carry extra signatures by keys the unit does not trust (multi-authority DSSE): identify a bundle by its
/// payload, not by its file bytes.
/// </summary>
public sealed class SignedEnvelope
{
    /// <summary>Payload type of a geofence policy.</summary>
    public const string PolicyPayloadType = "application/vnd.geofence.policy+json;version=1";

    /// <summary>Creates an envelope.</summary>
    public SignedEnvelope(string payloadType, byte[] payload, IReadOnlyList<EnvelopeSignature> signatures)
    {
        PayloadType = payloadType;
        Payload = payload;
        Signatures = signatures;
    }

    /// <summary>Payload media type (bound into the signature).</summary>
    public string PayloadType { get; }

    /// <summary>Payload bytes (policy JSON, UTF-8).</summary>
    public byte[] Payload { get; }

    /// <summary>Signatures.</summary>
    public IReadOnlyList<EnvelopeSignature> Signatures { get; }

    /// <summary>DSSE v1 pre-authentication encoding: "DSSEv1 len(type) type len(payload) payload".</summary>
    public static byte[] PreAuthenticationEncoding(string payloadType, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var type = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var middle = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        return [.. header, .. type, .. middle, .. payload];
    }

    /// <summary>Signs a payload with one or more keys.</summary>
    public static SignedEnvelope Sign(string payloadType, byte[] payload, params IReadOnlyList<SigningKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var pae = PreAuthenticationEncoding(payloadType, payload);
        return new SignedEnvelope(payloadType, payload,
            keys.Select(k => new EnvelopeSignature(k.KeyId, k.Algorithm.ToName(), k.Sign(pae))).ToList());
    }

    /// <summary>Parses the canonical form; throws <see cref="BundleException"/> (MalformedBundle) otherwise.</summary>
    public static SignedEnvelope Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Policy.PolicyLimits.MaxDocumentBytes * 2)
        {
            throw Malformed("larger than the bundle size limit");
        }

        SignedEnvelope envelope;
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 4 });
            using var document = JsonDocument.ParseValue(ref reader);
            envelope = FromJson(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw Malformed($"not a signed envelope ({ex.GetType().Name})");
        }

        if (!bytes.SequenceEqual(envelope.ToCanonicalBytes()))
        {
            throw Malformed("not in canonical form (altered after signing?)");
        }

        return envelope;
    }

    /// <summary>The canonical serialisation (compact JSON, fixed member order, lower-case key ids, final newline).</summary>
    public byte[] ToCanonicalBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, SkipValidation = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("payloadType", PayloadType);
            writer.WriteBase64String("payload", Payload);
            writer.WriteStartArray("signatures");
            foreach (var s in Signatures)
            {
                writer.WriteStartObject();
                writer.WriteString("keyid", s.KeyId);
                writer.WriteString("alg", s.Algorithm);
                writer.WriteBase64String("sig", s.Signature);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static SignedEnvelope FromJson(JsonElement root)
    {
        var type = root.GetProperty("payloadType").GetString() ?? throw Malformed("payloadType is null");
        var payload = root.GetProperty("payload").GetBytesFromBase64();
        var signatures = new List<EnvelopeSignature>();
        foreach (var s in root.GetProperty("signatures").EnumerateArray())
        {
            if (signatures.Count >= 8)
            {
                throw Malformed("more than 8 signatures");
            }

            var signature = new EnvelopeSignature(
                s.GetProperty("keyid").GetString() ?? throw Malformed("keyid is null"),
                s.GetProperty("alg").GetString() ?? throw Malformed("alg is null"),
                s.GetProperty("sig").GetBytesFromBase64());
            if (!IsKeyId(signature.KeyId) || !SignatureAlgorithmNames.TryParse(signature.Algorithm, out _))
            {
                throw Malformed("signature entry has a key id that is not 32 lower-case hex digits or an unknown algorithm");
            }

            if (signatures.Exists(other => other.KeyId == signature.KeyId))
            {
                throw Malformed("carries two signatures with one key id");
            }

            signatures.Add(signature);
        }

        return new SignedEnvelope(type, payload, signatures);
    }

    private static bool IsKeyId(string keyId) => keyId.Length == 32 && keyId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static BundleException Malformed(string what) =>
        new(PolicyStatus.MalformedBundle, $"bundle {what}; re-create it with 'policy sign'");
}

/// <summary>One signature in an envelope.</summary>
/// <param name="KeyId">Key id of the signing key.</param>
/// <param name="Algorithm">Algorithm wire name (<c>ecdsa-p256</c> or <c>sm2</c>).</param>
/// <param name="Signature">DER signature over the pre-authentication encoding.</param>
public sealed record EnvelopeSignature(string KeyId, string Algorithm, byte[] Signature);
