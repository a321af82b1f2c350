using GeoFence.Sanitizing.Policy;
using GeoFence.Zones.Model;

namespace GeoFence.Device.Pipeline;

/// <summary>
/// Maps the signed policy's <see cref="OutputSettings"/> to the sanitiser's <see cref="OutputRules"/>, taking the
/// stricter of the policy and the sanitiser defaults for every number (coarser precision, longer delay, wider approach
/// and clearance, longer minimum suppression, shorter retention). Any problem → no rules (fail closed: nothing leaves).
/// </summary>
internal static class OutputRulesMapper
{
    private static readonly Dictionary<string, OutputFields> Forwardable = new(StringComparer.Ordinal)
    {
        ["time"] = OutputFields.Time,
        ["lat"] = OutputFields.Position,
        ["lon"] = OutputFields.Position,
        ["altHAE"] = OutputFields.AltitudeHae,
        ["altMSL"] = OutputFields.AltitudeMsl,
        ["eph"] = OutputFields.HorizontalError,
        ["speed"] = OutputFields.Speed,
        ["track"] = OutputFields.Course,
        ["mode"] = OutputFields.Mode,
    };

    /// <summary>Names a policy may list that the sanitiser never sends (its ceiling drops them); listed, they change nothing.</summary>
    private static readonly HashSet<string> NeverSent = new(StringComparer.Ordinal)
    {
        "fixQuality", "quality", "status", "sats", "hdop", "vdop", "pdop", "geoidSep", "epv", "magvar", "dgpsAge", "dgpsSta", "source",
    };

    /// <summary>The rules, or null with the problems (each one line, no coordinates).</summary>
    public static (OutputRules? Rules, IReadOnlyList<string> Problems) Map(OutputSettings? settings)
    {
        if (settings is null)
        {
            return (null, ["policy has no output section"]);
        }

        var problems = new List<string>();
        var defaults = new OutputRules();
        var fields = MapFields(settings.AllowedFields, problems);
        var guard = settings.TrajectoryGuard;
        if (guard is null)
        {
            problems.Add("policy output has no trajectory guard");
            return (null, problems);
        }

        var d = defaults.Guard;
        var rules = defaults with
        {
            MaxPrecisionMetres = Stricter(settings.MaximumPrecisionMetres, defaults.MaxPrecisionMetres, "maxPrecision_m", problems),
            Datum = MapDatum(settings.Datum, problems),
            AllowFields = fields & OutputFields.All,
            RedactFields = fields & defaults.RedactFields,
            RetentionDays = Math.Min(settings.RetentionDays, defaults.RetentionDays),
            Guard = d with
            {
                Delay = TimeSpan.FromSeconds(Stricter(guard.DelaySeconds, d.Delay.TotalSeconds, "delay_s", problems)),
                ApproachMinMetres = Stricter(guard.ApproachMinMetres, d.ApproachMinMetres, "approachMin_m", problems),
                ApproachMaxMetres = Stricter(guard.ApproachMaxMetres, d.ApproachMaxMetres, "approachMax_m", problems),
                ClearanceMinMetres = Stricter(guard.ClearanceMinMetres, d.ClearanceMinMetres, "clearanceMin_m", problems),
                ClearanceMaxMetres = Stricter(guard.ClearanceMaxMetres, d.ClearanceMaxMetres, "clearanceMax_m", problems),
                MinimumSuppressed = TimeSpan.FromSeconds(Stricter(guard.MinimumSuppressedSeconds, d.MinimumSuppressed.TotalSeconds, "minSuppressed_s", problems)),
            },
            Uplink = settings.ConstantRateSeconds is { } rate
                ? new ConstantRateUplinkRules { Enabled = true, Cadence = Seconds(rate, "constantRate_s", problems) }
                : defaults.Uplink,
        };
        if (settings.RetentionDays < 1)
        {
            problems.Add("output.retentionDays must be >= 1");
        }

        if (problems.Count == 0)
        {
            problems.AddRange(rules.Problems());
        }

        return problems.Count == 0 ? (rules, problems) : (null, problems);
    }

    private static OutputFields MapFields(IReadOnlyList<string>? names, List<string> problems)
    {
        var fields = OutputFields.None;
        var lat = false;
        var lon = false;
        foreach (var name in names ?? [])
        {
            if (Forwardable.TryGetValue(name, out var field))
            {
                fields |= field;
                lat |= name == "lat";
                lon |= name == "lon";
            }
            else if (!NeverSent.Contains(name))
            {
                problems.Add($"output.fields: unknown field '{name}'; use gpsd TPV names: {string.Join(' ', Forwardable.Keys)}");
            }
        }

        if (lat != lon)
        {
            problems.Add("output.fields: lat and lon go together; list both or neither");
        }

        return fields;
    }

    private static OutputDatum MapDatum(string? datum, List<string> problems)
    {
        switch (datum)
        {
            case "WGS84": return OutputDatum.Wgs84;
            case "CGCS2000": return OutputDatum.Cgcs2000;
            case "GCJ02": return OutputDatum.Gcj02;
            default:
                problems.Add($"output.datum: '{datum}' is not WGS84, CGCS2000 or GCJ02");
                return OutputDatum.Wgs84;
        }
    }

    private static double Stricter(double policy, double fallback, string name, List<string> problems)
    {
        if (!double.IsFinite(policy) || policy < 0)
        {
            problems.Add($"output.{name} must be a finite number >= 0");
            return fallback;
        }

        return Math.Max(policy, fallback);
    }

    private static TimeSpan Seconds(double value, string name, List<string> problems)
    {
        if (!double.IsFinite(value) || value <= 0 || value > 3600)
        {
            problems.Add($"output.{name} must be within 0.1..3600 s");
            return TimeSpan.FromSeconds(10);
        }

        return TimeSpan.FromSeconds(value);
    }
}
