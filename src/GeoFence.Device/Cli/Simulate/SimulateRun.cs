using System.Security.Cryptography;
using System.Text;
using GeoFence.Device.Pipeline;
using GeoFence.Device.Report;
using GeoFence.Gnss;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Guard;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Hosting;
using GeoFence.Zones.Policy;

namespace GeoFence.Device.Cli.Simulate;

/// <summary>
/// The body of `simulate`: install the bundle into a temporary data directory (the unit's own verification path:
/// signature, trust, validity now), replay the capture through decoder → <see cref="FixPipeline"/> on a
/// <see cref="ReplayClock"/>, write the forwarded records, the audit and the summary. Failures are <see cref="CliException"/>.
/// </summary>
internal static class SimulateRun
{
    public const string ForwardedFile = "forwarded.jsonl";
    public const string AuditFile = "audit.jsonl";
    public const string SummaryFile = "summary.json";
    public const string ReportFile = TrackReport.FileName;

    private static readonly string[] OutputFiles = [ForwardedFile, AuditFile, SummaryFile, ReportFile];

    public static SimulateSummary Execute(SimulateRequest request)
    {
        if (!File.Exists(request.InputPath))
        {
            throw new CliException($"input file {request.InputPath} does not exist", "--input", "check the path to the capture");
        }

        var bundle = ReadBundle(request.BundlePath);
        var workDirectory = Directory.CreateTempSubdirectory("geofence-simulate-");
        try
        {
            var keyFile = request.DeviceKeyPath ?? EphemeralKey(workDirectory.FullName);
            var deviceKey = ReadDeviceKey(keyFile);
            var holder = new PolicyHolder();
            var store = new PolicyStore(Path.Combine(workDirectory.FullName, "data"), request.TrustDirectory, keyFile, TimeProvider.System);
            Directory.CreateDirectory(Path.Combine(workDirectory.FullName, "data"));
            var installed = new PolicyUpdater(store, holder).Apply(bundle);
            if (!installed.Accepted)
            {
                throw new CliException($"policy bundle refused: {installed.State.Status}", $"{request.BundlePath} with --trust {request.TrustDirectory}", installed.State.Detail);
            }

            if (request.SigningKeyPath is { } signingKey)
            {
                ZoneDisclosure.RequireSigner(signingKey, bundle, request.TrustDirectory);
            }

            var policy = installed.State.Policy!;
            var (rules, problems) = OutputRulesMapper.Map(policy.Document.Output);
            if (rules is null)
            {
                throw new CliException($"policy output rules rejected: {string.Join("; ", problems)}", request.BundlePath, "fix the output section and sign a new version (nothing would be forwarded)");
            }

            var summary = Replay(request, holder, new HkdfUnitSecrets(deviceKey), rules, policy.Document.PolicyId, policy.Document.Version);
            WriteReport(request.OutputDirectory, request.SigningKeyPath is null ? null : policy.Document.Zones);
            return summary;
        }
        finally
        {
            workDirectory.Delete(recursive: true);
        }
    }

    private static SimulateSummary Replay(SimulateRequest request, PolicyHolder holder, HkdfUnitSecrets secrets, Sanitizing.Policy.OutputRules rules, string policyId, long version)
    {
        var output = OutputDirectory(request.OutputDirectory);
        var clock = new ReplayClock(request.MinimumPlausibleDate);
        try
        {
            using var forwarded = new FileStream(Path.Combine(output, ForwardedFile), FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024);
            using var audit = AuditLog.Open(Path.Combine(output, AuditFile), secrets, rules, clock);
            using var pipeline = new FixPipeline(holder, secrets, new CryptoGuardRandom(), audit, clock, new JsonlRecordSink(forwarded));
            var decoder = new GnssDecoder(new GnssOptions { MinimumPlausibleDate = request.MinimumPlausibleDate }, new ReplaySink(clock, pipeline));
            using (var input = new FileStream(request.InputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024))
            {
                using var progress = ProgressBar.ForStandardError(input.Length);
                var buffer = new byte[64 * 1024];
                long total = 0;
                int read;
                while ((read = input.Read(buffer)) > 0)
                {
                    decoder.Feed(buffer.AsSpan(0, read), 0); // a replay has no arrival timing; epochs close on time change or at the end
                    total += read;
                    progress.Report(total, pipeline.Counters.Epochs);
                }

                decoder.Complete();
                progress.Complete(pipeline.Counters.Epochs);
            }

            pipeline.Pump();
            var sanitizer = pipeline.SanitizerCounters;
            var droppedAtEnd = pipeline.Flush();
            forwarded.Flush(flushToDisk: true);
            var summary = SimulateSummary.From(policyId, version, pipeline.Counters, sanitizer, droppedAtEnd, decoder.Counters.Snapshot());
            File.WriteAllBytes(Path.Combine(output, SummaryFile), summary.ToUtf8());
            return summary;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"can't read or write ({ex.Message})", $"--input {request.InputPath} / --out {output}", "check the paths, permissions and free space");
        }
    }

    private static void WriteReport(string outputDirectory, IReadOnlyList<Zones.Model.ZoneDefinition>? zones)
    {
        var output = Path.GetFullPath(outputDirectory);
        try
        {
            TrackReport.Write(Path.Combine(output, ForwardedFile), Path.Combine(output, SummaryFile), Path.Combine(output, ReportFile), zones);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"can't write {ReportFile} ({ex.Message})", $"--out {output}", "check permissions and free space");
        }
        catch (FormatException ex)
        {
            throw new CliException($"can't build {ReportFile}: {ex.Message}", $"--out {output}", "don't change the output directory while simulate runs; run it again");
        }
    }

    private static string OutputDirectory(string path)
    {
        try
        {
            var full = Directory.CreateDirectory(path).FullName;
            foreach (var name in OutputFiles)
            {
                File.Delete(Path.Combine(full, name)); // a fresh run: the audit chain must not continue an older one
            }

            return full;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"can't prepare output directory {path} ({ex.Message})", "--out", "choose a writable directory");
        }
    }

    private static byte[] ReadBundle(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliException($"bundle {path} does not exist", "--bundle", "check the path (make one with 'policy sign')");
            }

            return info.Length > PolicyLimits.MaxDocumentBytes * 2L
                ? throw new CliException($"bundle {path} is larger than {PolicyLimits.MaxDocumentBytes * 2L} bytes", "--bundle", "give a signed policy bundle")
                : File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"can't read bundle {path} ({ex.Message})", "--bundle", "check the path and permissions");
        }
    }

    private static string EphemeralKey(string directory)
    {
        var path = Path.Combine(directory, "device.key");
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(32));
        return path;
    }

    private static byte[] ReadDeviceKey(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 32)
            {
                return bytes;
            }

            var text = Encoding.ASCII.GetString(bytes).Trim();
            if (text.Length == 64 && text.All(Uri.IsHexDigit))
            {
                return Convert.FromHexString(text);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"can't read device key {path} ({ex.Message})", "--device-key", "check the path and permissions");
        }

        throw new CliException($"device key {path} is neither 32 bytes nor 64 hex digits", "--device-key", "provision 32 random bytes, e.g. head -c 32 /dev/urandom > device.key");
    }
}
