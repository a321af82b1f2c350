using System.Globalization;
using System.Text.Json;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Decisions;
using GeoFence.Zones.Policy;

namespace GeoFence.Device.Demo;

/// <summary>
/// The demo's signed policy: default allow, one redact and one block circle on the <see cref="DemoRoute"/>, output rules
/// as a field unit has them, and exactly one approved broker — the embedded one at 127.0.0.1, TLS with the demo CA pinned,
/// CIDR 127.0.0.1/32, not a plaintext loopback demo: the demo walks the same gate as a field unit. Signed with an
/// ephemeral P-256 key by the same DSSE bundle code as <c>policy sign</c>; the private key never leaves memory.
/// </summary>
public sealed class DemoPolicy
{
    /// <summary>The policy id.</summary>
    public const string PolicyId = "demo-area";

    /// <summary>Id of the redact zone.</summary>
    public const string RedactZoneId = "demo-redact";

    /// <summary>Id of the block zone.</summary>
    public const string BlockZoneId = "demo-block";

    private readonly SigningKey _key;

    private DemoPolicy(byte[] document, byte[] bundle, SigningKey key, CompiledPolicy compiled)
    {
        Document = document;
        Bundle = bundle;
        _key = key;
        Compiled = compiled;
    }

    /// <summary>The policy JSON (schema geofence-policy/1), as signed.</summary>
    public ReadOnlyMemory<byte> Document { get; }

    /// <summary>The signed bundle, byte for byte as <c>policy sign</c> writes it.</summary>
    public ReadOnlyMemory<byte> Bundle { get; }

    /// <summary>The compiled policy (checked before signing, as <c>policy sign</c> does).</summary>
    public CompiledPolicy Compiled { get; }

    /// <summary>Key id of the ephemeral signing key.</summary>
    public string KeyId => _key.KeyId;

    /// <summary>The signing key's public PEM: the unit's only trust anchor in the demo.</summary>
    public string PublicKeyPem => _key.PublicKeyPem();

    /// <summary>
    /// Builds, compiles and signs the demo policy for a broker on 127.0.0.1:<paramref name="brokerPort"/> whose chain
    /// ends at <paramref name="caCertificatePem"/>, valid from one hour before <paramref name="now"/> for <paramref name="validity"/>.
    /// </summary>
    public static DemoPolicy Create(DemoRoute route, string caCertificatePem, int brokerPort, DateTimeOffset now, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentException.ThrowIfNullOrWhiteSpace(caCertificatePem);
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerPort, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerPort, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero);
        var document = Json(route, caCertificatePem, brokerPort, now, validity);
        var compiled = CompiledPolicy.Compile(PolicyParser.Parse(document));
        var key = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);
        var bundle = SignedEnvelope.Sign(SignedEnvelope.PolicyPayloadType, document, key).ToCanonicalBytes();
        return new DemoPolicy(document, bundle, key, compiled);
    }

    /// <summary>The policy JSON for the route, broker and window.</summary>
    public static byte[] Json(DemoRoute route, string caCertificatePem, int brokerPort, DateTimeOffset now, TimeSpan validity)
    {
        ArgumentNullException.ThrowIfNull(route);
        var issued = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema", "geofence-policy/1");
            w.WriteString("policyId", PolicyId);
            w.WriteNumber("version", 1);
            w.WriteString("issuedAt", Timestamp(issued));
            w.WriteString("notBefore", Timestamp(issued.AddHours(-1)));
            w.WriteString("notAfter", Timestamp(issued + validity));
            w.WriteStartObject("defaultAction");
            w.WriteString("action", "allow");
            w.WriteEndObject();
            w.WriteStartObject("errorModel");
            w.WriteNumber("confidenceFactor", 2.45);
            w.WriteNumber("uere_m", 6);
            w.WriteNumber("minRadius_m", 3);
            w.WriteNumber("maxRadius_m", 100);
            w.WriteEndObject();
            w.WriteStartObject("zones");
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            Circle(w, RedactZoneId, "redact", route.PointAt(route.RedactCentreMetres), route.RedactRadiusMetres, 0, route.RedactGridMetres);
            Circle(w, BlockZoneId, "block", route.PointAt(route.BlockCentreMetres), route.BlockRadiusMetres, route.BlockBufferMetres, null);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("brokers");
            w.WriteStartObject();
            w.WriteString("host", EmbeddedBroker.Host);
            w.WriteNumber("port", brokerPort);
            w.WriteStartArray("caCertificates");
            w.WriteStringValue(caCertificatePem);
            w.WriteEndArray();
            w.WriteStartArray("allowedCidrs");
            w.WriteStringValue("127.0.0.1/32");
            w.WriteEndArray();
            w.WriteBoolean("clientCertificateRequired", false);
            w.WriteBoolean("loopbackDemo", false);
            w.WriteEndObject();
            w.WriteEndArray();
            Output(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Writes the unit's directories under <paramref name="root"/> and installs the bundle there (see <see cref="DemoUnitDirectory"/>).</summary>
    public DemoUnitDirectory WriteUnit(string root, TimeProvider time) => DemoUnitDirectory.Create(root, this, time);

    private static void Output(Utf8JsonWriter w)
    {
        w.WriteStartObject("output");
        w.WriteNumber("maxPrecision_m", 1);
        w.WriteString("datum", "CGCS2000");
        w.WriteStartArray("fields");
        foreach (var field in new[] { "time", "lat", "lon", "eph", "mode", "speed", "track" })
        {
            w.WriteStringValue(field);
        }

        w.WriteEndArray();
        w.WriteStartObject("trajectoryGuard");
        w.WriteNumber("delay_s", 60); // 60 s × 12.5 m/s = 750 m ≥ approachMax 400 + the 200 m motion strip
        w.WriteNumber("approachMin_m", 200);
        w.WriteNumber("approachMax_m", 400);
        w.WriteNumber("clearanceMin_m", 200);
        w.WriteNumber("clearanceMax_m", 400);
        w.WriteNumber("minSuppressed_s", 60);
        w.WriteEndObject();
        w.WriteNull("constantRate_s");
        w.WriteNumber("retentionDays", 7);
        w.WriteEndObject();
    }

    private static void Circle(Utf8JsonWriter w, string id, string action, (double Latitude, double Longitude) centre, double radius, double buffer, double? redactMetres)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteStartObject("properties");
        w.WriteString("id", id);
        w.WriteString("action", action);
        w.WriteNumber("radius_m", radius);
        w.WriteNumber("buffer_m", buffer);
        if (redactMetres is { } grid)
        {
            w.WriteNumber("redact_m", grid);
        }

        w.WriteEndObject();
        w.WriteStartObject("geometry");
        w.WriteString("type", "Point");
        w.WriteStartArray("coordinates");
        w.WriteNumberValue(Math.Round(centre.Longitude, 7));
        w.WriteNumberValue(Math.Round(centre.Latitude, 7));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Timestamp(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
