using System.CommandLine;
using System.Globalization;
using GeoFence.Zones.Decisions;

namespace GeoFence.Device.Cli.Policy;

/// <summary><c>policy check</c>: decide one position (<c>--lat --lon [--acc] [--time]</c>) or a CSV of positions (<c>--points</c>).</summary>
internal static class CheckCommand
{
    private const int MaxLineLength = 1024;

    /// <summary>Creates the command.</summary>
    public static Command Create(TimeProvider timeProvider)
    {
        var bundle = new BundleOptions();
        var lat = new Option<string>("--lat") { Description = "Latitude, WGS-84 degrees." };
        var lon = new Option<string>("--lon") { Description = "Longitude, WGS-84 degrees." };
        var acc = new Option<string>("--acc") { Description = "1σ horizontal accuracy in metres (default 0: the policy's minimum error radius applies)." };
        var time = new Option<string>("--time") { Description = "Instant to decide at (ISO 8601; default now): time windows and validity depend on it." };
        var points = new Option<string>("--points") { Description = "CSV file, lines 'lat,lon[,acc_m[,time]]'; prints allow/redact/block per line in order ('#' lines and blank lines are skipped)." };
        var command = new Command("check", "Decide positions against a verified bundle (for integrators).\nExample: geofence-device policy check --bundle policy-v7.bundle --trust /etc/geofence/trust --lat 39.9087 --lon 116.3975 --acc 2\nExample: geofence-device policy check --bundle policy-v7.bundle --trust /etc/geofence/trust --points survey-points.csv");
        bundle.AddTo(command);
        foreach (var option in new[] { lat, lon, acc, time, points })
        {
            command.Options.Add(option);
        }

        PolicyCliHandler.Bind(command, (parseResult, output) =>
        {
            var defaultTime = BundleOptions.ParseTime(parseResult.GetValue(time), "policy check --time") ?? timeProvider.GetUtcNow();
            var pointsPath = parseResult.GetValue(points);
            var latText = parseResult.GetValue(lat);
            var lonText = parseResult.GetValue(lon);
            if (pointsPath is null == (latText is null || lonText is null))
            {
                throw CliFailure.Usage("policy check: give either --lat and --lon, or --points FILE.csv; see 'policy check --help'");
            }

            if (pointsPath is null)
            {
                var sample = Sample(latText!, lonText!, parseResult.GetValue(acc), defaultTime, "policy check");
                var (policy, _) = bundle.Load(parseResult, "check");
                var decision = policy.Decide(sample, null);
                var grid = decision.Action == DecisionAction.Redact
                    ? string.Create(CultureInfo.InvariantCulture, $" to {decision.RedactGridMetres} m")
                    : "";
                output.WriteLine($"{decision.ActionName}{grid} ({decision.Reasons})");
                return 0;
            }

            var (loaded, _) = bundle.Load(parseResult, "check");
            CheckFile(loaded, pointsPath, defaultTime, output);
            return 0;
        });
        return command;
    }

    private static void CheckFile(CompiledPolicy policy, string path, DateTimeOffset defaultTime, TextWriter output)
    {
        if (!File.Exists(path))
        {
            throw CliFailure.Runtime($"{path}: no such file; check the path");
        }

        using var reader = new StreamReader(path);
        var lineNumber = 0;
        var decisions = new List<string>();
        while (ReadBoundedLine(reader, path, lineNumber + 1) is { } line)
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var fields = trimmed.Split(',');
            if (fields.Length is < 2 or > 4)
            {
                throw CliFailure.Runtime($"{path}:{lineNumber}: expected 'lat,lon[,acc_m[,time]]'; fix the line");
            }

            var where = $"{path}:{lineNumber}";
            PositionSample sample;
            try
            {
                var at = fields.Length == 4 ? BundleOptions.ParseTime(fields[3].Trim(), where) ?? defaultTime : defaultTime;
                sample = Sample(fields[0], fields[1], fields.Length >= 3 ? fields[2] : null, at, where);
            }
            catch (CliFailure failure)
            {
                throw CliFailure.Runtime(failure.Message); // bad data in the file, not bad usage
            }

            decisions.Add(policy.Decide(sample, null).ActionName);
        }

        // Print only after the whole file parsed, so a bad line never leaves a partial answer.
        foreach (var decision in decisions)
        {
            output.WriteLine(decision);
        }
    }

    private static string? ReadBoundedLine(StreamReader reader, string path, int lineNumber)
    {
        var line = reader.ReadLine();
        return line is { Length: > MaxLineLength }
            ? throw CliFailure.Runtime($"{path}:{lineNumber}: line longer than {MaxLineLength} characters")
            : line;
    }

    private static PositionSample Sample(string latText, string lonText, string? accText, DateTimeOffset time, string where)
    {
        var latitude = Number(latText, where, "latitude", -90, 90);
        var longitude = Number(lonText, where, "longitude", -180, 180);
        var accuracy = string.IsNullOrWhiteSpace(accText) ? 0 : Number(accText, where, "accuracy (m)", 0, 100_000);
        return new PositionSample(time, latitude, longitude, accuracy, null, true);
    }

    private static double Number(string text, string where, string what, double min, double max) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw CliFailure.Usage($"{where}: '{text.Trim()}' is not a {what} in [{min}, {max}]");
}
