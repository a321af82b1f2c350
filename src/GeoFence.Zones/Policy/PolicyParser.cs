using System.Net;
using System.Text.Json;
using GeoFence.Zones.Model;

namespace GeoFence.Zones.Policy;

/// <summary>Parses and validates a policy JSON document (schema <c>geofence-policy/1</c>).</summary>
public static class PolicyParser
{
    /// <summary>The schema identifier this parser reads.</summary>
    public const string SchemaId = "geofence-policy/1";

    /// <summary>Parses UTF-8 JSON into a validated document; throws <see cref="PolicyFormatException"/> naming the field.</summary>
    public static PolicyDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > PolicyLimits.MaxDocumentBytes)
        {
            throw new PolicyFormatException("policy", $"larger than {PolicyLimits.MaxDocumentBytes} bytes");
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 32 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            throw new PolicyFormatException($"policy (line {ex.LineNumber + 1})", "not valid JSON; fix the syntax");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    private static PolicyDocument Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException("policy", "must be a JSON object");
        }

        var schema = JsonFields.String(root, "schema", "policy");
        if (schema != SchemaId)
        {
            throw new PolicyFormatException("policy.schema", $"'{schema}' is not supported; use \"{SchemaId}\"");
        }

        var policyId = JsonFields.String(root, "policyId", "policy");
        var version = JsonFields.Integer(root, "version", "policy", 1);
        var issuedAt = JsonFields.Instant(root, "issuedAt", "policy");
        var notBefore = JsonFields.Instant(root, "notBefore", "policy");
        var notAfter = JsonFields.Instant(root, "notAfter", "policy");
        if (notAfter <= notBefore)
        {
            throw new PolicyFormatException("policy.notAfter", "must be later than notBefore");
        }

        return new PolicyDocument(
            policyId,
            version,
            issuedAt,
            notBefore,
            notAfter,
            ParseDefault(JsonFields.Object(root, "defaultAction", "policy")),
            ParseErrorModel(JsonFields.OptionalObject(root, "errorModel", "policy")),
            ZoneParser.Parse(root),
            ParseBrokers(root),
            ParseOutput(JsonFields.Object(root, "output", "policy")));
    }

    private static DefaultAction ParseDefault(JsonElement element)
    {
        const string path = "policy.defaultAction";
        return JsonFields.String(element, "action", path) switch
        {
            "block" => new DefaultAction(DefaultActionKind.Block, 0),
            "allow" => new DefaultAction(DefaultActionKind.Allow, 0),
            "redact" => new DefaultAction(DefaultActionKind.Redact, JsonFields.Number(element, "redact_m", path, 1, PolicyLimits.MaxDistanceMetres)),
            var other => throw new PolicyFormatException($"{path}.action", $"'{other}' is not block, redact or allow"),
        };
    }

    private static ErrorModel ParseErrorModel(JsonElement? element)
    {
        if (element is not { } e)
        {
            return ErrorModel.Default;
        }

        const string path = "policy.errorModel";
        var d = ErrorModel.Default;
        var model = new ErrorModel(
            JsonFields.OptionalNumber(e, "confidenceFactor", path, 1, 10, d.ConfidenceFactor),
            JsonFields.OptionalNumber(e, "uere_m", path, 0.1, 1000, d.UereMetres),
            JsonFields.OptionalNumber(e, "minRadius_m", path, 0.1, 10_000, d.MinimumRadiusMetres),
            JsonFields.OptionalNumber(e, "maxRadius_m", path, 1, 100_000, d.MaximumRadiusMetres));
        return model.MaximumRadiusMetres < model.MinimumRadiusMetres
            ? throw new PolicyFormatException($"{path}.maxRadius_m", "must be at least minRadius_m")
            : model;
    }

    private static List<BrokerApproval> ParseBrokers(JsonElement root)
    {
        if (!root.TryGetProperty("brokers", out var brokers) || brokers.ValueKind != JsonValueKind.Array
            || brokers.GetArrayLength() > PolicyLimits.MaxBrokers)
        {
            throw new PolicyFormatException("policy.brokers", $"missing or not an array of at most {PolicyLimits.MaxBrokers} brokers (may be empty)");
        }

        var list = new List<BrokerApproval>();
        var index = 0;
        foreach (var broker in brokers.EnumerateArray())
        {
            list.Add(ParseBroker(broker, $"policy.brokers[{index++}]"));
        }

        return list;
    }

    private static BrokerApproval ParseBroker(JsonElement broker, string path)
    {
        if (broker.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyFormatException(path, "must be an object");
        }

        var host = JsonFields.String(broker, "host", path);
        var port = (int)JsonFields.Number(broker, "port", path, 1, 65535);
        var cas = JsonFields.StringArray(broker, "caCertificates", path, 16);
        var pins = JsonFields.StringArray(broker, "spkiSha256", path, 16);
        foreach (var pin in pins)
        {
            if (pin.Length != 64 || !pin.All(Uri.IsHexDigit))
            {
                throw new PolicyFormatException($"{path}.spkiSha256", "each pin is 64 hex digits (SHA-256 of the SubjectPublicKeyInfo DER)");
            }
        }

        var ranges = new List<IPNetwork>();
        foreach (var cidr in JsonFields.StringArray(broker, "allowedCidrs", path, 64))
        {
            ranges.Add(IPNetwork.TryParse(cidr, out var network)
                ? network
                : throw new PolicyFormatException($"{path}.allowedCidrs", $"'{cidr}' is not a CIDR range like 10.0.0.0/8"));
        }

        var demo = JsonFields.OptionalBoolean(broker, "loopbackDemo", path);
        if (!demo && cas.Count == 0 && pins.Count == 0)
        {
            throw new PolicyFormatException(path, "give caCertificates or spkiSha256 pins (only a loopbackDemo broker may be plaintext)");
        }

        if (ranges.Count == 0)
        {
            throw new PolicyFormatException($"{path}.allowedCidrs", "give at least one range the broker's address must be in");
        }

        return new BrokerApproval(host, port, cas, pins.Select(p => p.ToLowerInvariant()).ToList(), ranges,
            JsonFields.OptionalBoolean(broker, "clientCertificateRequired", path), demo);
    }

    private static OutputSettings ParseOutput(JsonElement output)
    {
        const string path = "policy.output";
        var datum = JsonFields.String(output, "datum", path);
        if (datum is not ("WGS84" or "CGCS2000" or "GCJ02"))
        {
            throw new PolicyFormatException($"{path}.datum", $"'{datum}' is not WGS84, CGCS2000 or GCJ02");
        }

        var guard = JsonFields.OptionalObject(output, "trajectoryGuard", path);
        const string g = path + ".trajectoryGuard";
        var guardSettings = guard is { } e
            ? new TrajectoryGuardSettings(
                JsonFields.OptionalNumber(e, "delay_s", g, 0, 3600, 30),
                JsonFields.OptionalNumber(e, "approachMin_m", g, 0, 100_000, 200),
                JsonFields.OptionalNumber(e, "approachMax_m", g, 0, 100_000, 600),
                JsonFields.OptionalNumber(e, "clearanceMin_m", g, 0, 100_000, 200),
                JsonFields.OptionalNumber(e, "clearanceMax_m", g, 0, 100_000, 600),
                JsonFields.OptionalNumber(e, "minSuppressed_s", g, 0, 86_400, 60))
            : new TrajectoryGuardSettings(30, 200, 600, 200, 600, 60);
        if (guardSettings.ApproachMaxMetres < guardSettings.ApproachMinMetres || guardSettings.ClearanceMaxMetres < guardSettings.ClearanceMinMetres)
        {
            throw new PolicyFormatException(g, "each max must be at least its min");
        }

        double? rate = output.TryGetProperty("constantRate_s", out var r) && r.ValueKind != JsonValueKind.Null
            ? JsonFields.Number(output, "constantRate_s", path, 0.1, 3600)
            : null;
        return new OutputSettings(
            JsonFields.Number(output, "maxPrecision_m", path, 0.01, PolicyLimits.MaxDistanceMetres),
            datum,
            JsonFields.StringArray(output, "fields", path, 64),
            guardSettings,
            rate,
            (int)JsonFields.OptionalNumber(output, "retentionDays", path, 0, 3650, 7));
    }
}
