using System.CommandLine;
using System.Globalization;
using GeoFence.Device.Cli.Simulate;
using GeoFence.Gnss;

namespace GeoFence.Device.Cli;

/// <summary>`simulate`: a recorded capture through the unit's own pipeline (decode, decide, sanitise) into files; no network.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input", "-i") { Description = "Recorded receiver capture (NMEA/UBX) to replay." };
        var bundle = new Option<string?>("--bundle") { Description = "Signed policy bundle (from 'policy sign')." };
        var trust = new Option<string?>("--trust") { Description = "Directory of trusted public key PEM files (*.pem)." };
        var output = new Option<string?>("--out", "-o") { Description = "Directory for forwarded.jsonl, audit.jsonl, summary.json and report.html (created; those files are replaced)." };
        var minDate = new Option<string?>("--min-date") { Description = "Earliest plausible receiver date (yyyy-MM-dd) for 2-digit years and GPS week rollover; default: the build date." };
        var deviceKey = new Option<string?>("--device-key") { Description = "Device key file (32 bytes or 64 hex digits) for the grid offset and audit keys; default: an ephemeral random key." };
        var showZones = new Option<bool>("--show-zones") { Description = "Draw the zone outlines in report.html (sensitive: the page then holds policy zones); needs --signing-key." };
        var signingKey = new Option<string?>("--signing-key") { Description = "With --show-zones: the private key PEM that signed the bundle (its public key must be in --trust)." };

        var command = new Command("simulate", """
            Replay a capture through the unit's pipeline without network: the bundle is verified against the trust
            directory and installed into a temporary data directory, every epoch is decided and sanitised on the
            capture's own clock, and what the unit would forward is written as files, plus report.html: a self-contained
            page with the published track (allowed and redacted points, gaps) and the counts. Waiting records at the end
            of the capture are dropped, as at shutdown. A progress bar appears on standard error when it is a terminal.
            Exit 0 done, 1 runtime error (e.g. bundle refused, wrong signing key), 2 usage error.
            Examples:
              geofence-device simulate --input drive.log --bundle policy.bundle --trust /etc/geofence/trust --out sim/ --min-date 2000-01-01
              geofence-device simulate --input drive.log --bundle policy.bundle --trust trust/ --out sim/ --show-zones --signing-key keys/0123abcd.key.pem
            """);
        foreach (var option in new Option[] { input, bundle, trust, output, minDate, deviceKey, showZones, signingKey })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            try
            {
                var request = new SimulateRequest(
                    Required(parse.GetValue(input), "--input", "--input capture.log"),
                    Required(parse.GetValue(bundle), "--bundle", "--bundle policy.bundle"),
                    Required(parse.GetValue(trust), "--trust", "--trust /etc/geofence/trust"),
                    Required(parse.GetValue(output), "--out", "--out sim/"),
                    ParseMinDate(parse.GetValue(minDate)),
                    parse.GetValue(deviceKey),
                    ZoneKey(parse.GetValue(showZones), parse.GetValue(signingKey)));
                var summary = SimulateRun.Execute(request);
                Console.Out.WriteLine($"simulate: {summary.Epochs} epochs, {summary.Forwarded} records forwarded -> {Path.Combine(request.OutputDirectory, SimulateRun.ForwardedFile)}");
                Console.Out.WriteLine($"simulate: report -> {Path.Combine(request.OutputDirectory, SimulateRun.ReportFile)}{(request.SigningKeyPath is null ? string.Empty : " (with zone outlines: as sensitive as the policy)")}");
                return 0;
            }
            catch (CliException error)
            {
                return error.Report("simulate");
            }
        });
        return command;
    }

    private static string Required(string? value, string option, string example) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new CliException($"{option} is required", option, $"give it, e.g. {example} (see simulate --help)", CommandLine.UsageError)
            : value;

    private static string? ZoneKey(bool showZones, string? signingKey) => (showZones, string.IsNullOrWhiteSpace(signingKey)) switch
    {
        (true, true) => throw new CliException("--show-zones needs --signing-key", "--signing-key", "give the private key that signed the bundle, e.g. --signing-key keys/0123abcd.key.pem (zones are sensitive)", CommandLine.UsageError),
        (false, false) => throw new CliException("--signing-key is only used with --show-zones", "--signing-key", "add --show-zones to draw the zone outlines, or leave out --signing-key", CommandLine.UsageError),
        (true, false) => signingKey,
        _ => null,
    };

    private static DateTimeOffset ParseMinDate(string? text)
    {
        if (text is null)
        {
            return GnssOptions.BuildDate;
        }

        return DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw new CliException($"'{text}' is not a date", "--min-date", "write it as yyyy-MM-dd, e.g. 2000-01-01", CommandLine.UsageError);
    }
}
