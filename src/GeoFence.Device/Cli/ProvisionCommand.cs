using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using GeoFence.Device.Hosting;

namespace GeoFence.Device.Cli;

/// <summary>`provision`: makes a unit ready to run: directories, device key, trusted authority keys, unit.json, first bundle.</summary>
internal static class ProvisionCommand
{
    public static Command Create()
    {
        var unitId = new Option<string?>("--unit-id") { Description = "The unit's id (1-64 of a-z, 0-9, '-', '_'), e.g. unit-0042." };
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory.", DefaultValueFactory = _ => "/var/lib/geofence-device" };
        var trustDir = new Option<string>("--trust-dir") { Description = "Trust directory for the authority's public keys.", DefaultValueFactory = _ => "/etc/geofence-device/trust" };
        var trustKeys = new Option<string[]>("--trust-key") { Description = "An authority public key PEM (from 'policy keygen'); repeat for several.", AllowMultipleArgumentsPerToken = true };
        var bundle = new Option<string?>("--bundle") { Description = "A signed policy bundle to install at the agent's next start." };
        var receiver = new Option<string?>("--receiver") { Description = "Receiver source, e.g. serial:/dev/gnss0 or tcp:192.0.2.10:2101." };
        var configOut = new Option<string>("--config-out") { Description = "Unit configuration file to write.", DefaultValueFactory = _ => "/etc/geofence-device/unit.json" };
        var force = new Option<bool>("--force") { Description = "Replace an existing unit configuration file (the device key is never replaced: wipe --keys first)." };
        var command = new Command("provision", """
            Make a unit ready to run: create the data directory (0750), a device key (32 random bytes, 0600; an existing
            key is kept), copy the authority's public keys into the trust directory, write the unit configuration and
            drop the first signed bundle into incoming/. Then: geofence-device selftest, systemctl enable --now geofence-device.
            Example:
              geofence-device provision --unit-id unit-0042 --trust-key authority.pub.pem --bundle policy-v1.bundle --receiver serial:/dev/gnss0
            """);
        foreach (var option in new Option[] { unitId, dataDir, trustDir, trustKeys, bundle, receiver, configOut, force })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            try
            {
                var request = new ProvisionRequest(
                    parse.GetValue(unitId) ?? throw new CliException("--unit-id is required", "--unit-id", "give it, e.g. --unit-id unit-0042", CommandLine.UsageError),
                    Path.GetFullPath(parse.GetValue(dataDir)!),
                    Path.GetFullPath(parse.GetValue(trustDir)!),
                    parse.GetValue(trustKeys) ?? [],
                    parse.GetValue(bundle),
                    parse.GetValue(receiver),
                    Path.GetFullPath(parse.GetValue(configOut)!),
                    parse.GetValue(force));
                foreach (var line in Provision(request))
                {
                    Console.Out.WriteLine(line);
                }

                return 0;
            }
            catch (CliException error)
            {
                return error.Report("provision");
            }
        });
        return command;
    }

    /// <summary>Provisions; returns one line per step.</summary>
    public static IReadOnlyList<string> Provision(ProvisionRequest request)
    {
        if (!UnitOptionsValidation.IsUnitId(request.UnitId))
        {
            throw new CliException($"'{request.UnitId}' is not a unit id", "--unit-id", "use 1-64 of a-z, 0-9, '-' and '_', e.g. unit-0042", CommandLine.UsageError);
        }

        if (request.Receiver is not null && !ReceiverSourceSpec.TryParse(request.Receiver, out _, out var sourceError))
        {
            throw new CliException(sourceError, "--receiver", "e.g. --receiver serial:/dev/gnss0", CommandLine.UsageError);
        }

        if (File.Exists(request.ConfigFile) && !request.Force)
        {
            throw new CliException($"{request.ConfigFile} exists", "--config-out", "add --force to replace it, or choose another file");
        }

        var report = new List<string>();
        try
        {
            CreateDirectory(request.DataDirectory, report);
            var key = Path.Combine(request.DataDirectory, "device.key");
            if (File.Exists(key))
            {
                report.Add($"provision: kept the existing device key {key}");
            }
            else
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var stream = new FileStream(key, options))
                {
                    stream.Write(RandomNumberGenerator.GetBytes(32));
                    stream.Flush(flushToDisk: true);
                }

                report.Add($"provision: device key created {key} (0600)");
            }

            Directory.CreateDirectory(request.TrustDirectory);
            foreach (var pem in request.TrustKeys)
            {
                var text = File.ReadAllText(pem);
                if (!text.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
                {
                    throw new CliException($"{pem} is not a public key PEM", "--trust-key", "give the .pub.pem written by 'policy keygen' (never the private key)", CommandLine.UsageError);
                }

                var target = Path.Combine(request.TrustDirectory, Path.GetFileName(pem).EndsWith(".pem", StringComparison.Ordinal) ? Path.GetFileName(pem) : Path.GetFileName(pem) + ".pem");
                File.Copy(pem, target, overwrite: true);
                report.Add($"provision: trusted {target}");
            }

            if (request.Bundle is { } bundle)
            {
                var incoming = Path.Combine(request.DataDirectory, "incoming");
                Directory.CreateDirectory(incoming);
                File.Copy(bundle, Path.Combine(incoming, "provisioned.bundle"), overwrite: true);
                report.Add($"provision: bundle queued for installation at the next start: {Path.Combine(incoming, "provisioned.bundle")}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(request.ConfigFile)!);
            File.WriteAllText(request.ConfigFile, ConfigJson(request));
            report.Add($"provision: wrote {request.ConfigFile}");
            if (Environment.UserName == "root" && ServiceUserExists())
            {
                GiveToServiceUser(request.DataDirectory, report);
            }

            report.Add("provision: done; next: geofence-device selftest, then systemctl enable --now geofence-device");
            return report;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"can't provision ({ex.Message})", request.DataDirectory, "run as root (or with write access to the directories) and check the paths");
        }
    }

    private const string ServiceUser = "geofence";

    private static bool ServiceUserExists() =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(ServiceUser + ":", StringComparison.Ordinal));

    private static void GiveToServiceUser(string dataDirectory, List<string> report)
    {
        using var chown = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chown", ["-R", $"{ServiceUser}:{ServiceUser}", dataDirectory]) { UseShellExecute = false })
            ?? throw new CliException("can't run chown", dataDirectory, $"chown -R {ServiceUser}:{ServiceUser} {dataDirectory} by hand");
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new CliException($"chown exited with {chown.ExitCode}", dataDirectory, $"chown -R {ServiceUser}:{ServiceUser} {dataDirectory} by hand");
        }

        report.Add($"provision: {dataDirectory} now belongs to the service user {ServiceUser}");
    }

    private static void CreateDirectory(string path, List<string> report)
    {
        if (!Directory.Exists(path) && !OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
            report.Add($"provision: created {path} (0750)");
        }
    }

    private static string ConfigJson(ProvisionRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject(UnitOptions.Section);
            json.WriteString("Id", request.UnitId);
            json.WriteString("DataDirectory", request.DataDirectory);
            json.WriteString("TrustDirectory", request.TrustDirectory);
            json.WriteEndObject();
            if (request.Receiver is not null)
            {
                json.WriteStartObject(ReceiverOptions.Section);
                json.WriteString("Source", request.Receiver);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}

/// <summary>What `provision` was asked to do.</summary>
internal sealed record ProvisionRequest(string UnitId, string DataDirectory, string TrustDirectory, IReadOnlyList<string> TrustKeys, string? Bundle, string? Receiver, string ConfigFile, bool Force);
