using System.CommandLine;
using System.Globalization;
using GeoFence.Zones.Model;

namespace GeoFence.Device.Cli.Policy;

/// <summary><c>policy inspect --bundle B --trust DIR</c>: summary without zone coordinates or names.</summary>
internal static class InspectCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TimeProvider timeProvider)
    {
        var bundle = new BundleOptions();
        var command = new Command("inspect", "Verify a bundle and print its summary: id, version, validity, zone counts by action, bounds (whole degrees), brokers. Never prints zone coordinates or names.\nExample: geofence-device policy inspect --bundle policy-v7.bundle --trust /etc/geofence/trust");
        bundle.AddTo(command);
        PolicyCliHandler.Bind(command, (parseResult, output) =>
        {
            var (policy, _) = bundle.Load(parseResult, "inspect");
            var d = policy.Document;
            var now = timeProvider.GetUtcNow();
            var status = d.IsValidAt(now) ? "valid now" : now < d.NotBefore ? "not yet valid" : "expired";
            output.WriteLine($"policy:     {d.PolicyId}");
            output.WriteLine($"version:    {d.Version}");
            output.WriteLine($"signed by:  {policy.SignerKeyId}");
            output.WriteLine($"issued:     {d.IssuedAt:O}");
            output.WriteLine($"validity:   {d.NotBefore:O} .. {d.NotAfter:O} ({status})");
            output.WriteLine($"default:    {Describe(d.Default)}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"error model: {d.ErrorModel.ConfidenceFactor}×1σ, HDOP×{d.ErrorModel.UereMetres} m fallback, radius {d.ErrorModel.MinimumRadiusMetres}..{d.ErrorModel.MaximumRadiusMetres} m"));
            var zones = d.Zones;
            output.WriteLine($"zones:      {zones.Count} (block {Count(zones, ZoneAction.Block)}, redact {Count(zones, ZoneAction.Redact)}, permit {Count(zones, ZoneAction.Permit)}; "
                + $"areas {zones.Count(z => z.Shape == ZoneShape.Area)}, circles {zones.Count(z => z.Shape == ZoneShape.Circle)}, corridors {zones.Count(z => z.Shape == ZoneShape.Corridor)}; "
                + $"{zones.Sum(z => (long)z.VertexCount)} vertices; {zones.Count(z => !z.Validity.IsAlways)} time-limited)");
            if (zones.Count > 0)
            {
                var minLat = Math.Floor(zones.Min(z => z.Envelope.MinY));
                var maxLat = Math.Ceiling(zones.Max(z => z.Envelope.MaxY));
                var minLon = Math.Floor(zones.Min(z => z.Envelope.MinX));
                var maxLon = Math.Ceiling(zones.Max(z => z.Envelope.MaxX));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bounds:     lat {minLat}..{maxLat}, lon {minLon}..{maxLon} (whole degrees, outward)"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"output:     max precision {d.Output.MaximumPrecisionMetres} m, datum {d.Output.Datum}, fields [{string.Join(",", d.Output.AllowedFields)}], retention {d.Output.RetentionDays} d"));
            output.WriteLine($"brokers:    {d.Brokers.Count}");
            foreach (var b in d.Brokers)
            {
                var security = b.LoopbackDemo ? "loopback demo (plaintext on 127.0.0.1/::1 only)"
                    : $"TLS, {b.CaCertificatesPem.Count} CA, {b.SpkiSha256Pins.Count} SPKI pins, client cert {(b.ClientCertificateRequired ? "required" : "not required")}";
                output.WriteLine($"  {b.Host}:{b.Port} {security}; addresses {string.Join(" ", b.AllowedAddressRanges)}");
            }

            return 0;
        });
        return command;
    }

    private static int Count(IReadOnlyList<ZoneDefinition> zones, ZoneAction action) => zones.Count(z => z.Action == action);

    private static string Describe(DefaultAction action) => action.Kind switch
    {
        DefaultActionKind.Allow => "allow",
        DefaultActionKind.Redact => string.Create(CultureInfo.InvariantCulture, $"redact to {action.RedactGridMetres} m"),
        _ => "block",
    };
}
