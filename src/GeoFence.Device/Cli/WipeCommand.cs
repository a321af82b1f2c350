using System.CommandLine;
using GeoFence.Device.Hosting;
using GeoFence.Forwarding.Outbox;
using GeoFence.Zones.Bundles;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.Cli;

/// <summary>`wipe`: erases the unit's stored data (outbox, audit) and, with --keys, the device key and everything derived from it.</summary>
internal static class WipeCommand
{
    private static readonly string[] OutboxSuffixes = ["", "-wal", "-shm", "-journal"];

    public static Command Create()
    {
        var yes = new Option<bool>("--yes") { Description = "Confirm: without it nothing is erased." };
        var keys = new Option<bool>("--keys") { Description = "Also erase the device key and the installed policy (crypto-erase); the unit must be provisioned again." };
        var command = new Command("wipe", """
            Erase the unit's stored data while the agent is stopped: every record in the outbox (its files are overwritten with
            zeros, then deleted; sequence numbers still never go back), the audit log,
            quarantined databases and rejected bundles. With --keys also the device key, the installed policy and its
            anti-rollback state: everything encrypted or derived with the key becomes unreadable; provision again.
            Refuses while an agent holds the data directory. Exit 0 erased, 1 runtime error, 2 usage error.
            Examples:
              systemctl stop geofence-device && geofence-device wipe --yes
              geofence-device wipe --yes --keys --config-dir /etc/geofence-device
            """);
        command.Options.Add(yes);
        command.Options.Add(keys);
        command.Options.Add(RunCommand.ConfigDirectory);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            try
            {
                var unit = UnitConfigurationReader.Read([.. parse.UnmatchedTokens], parse.GetValue(RunCommand.ConfigDirectory));
                if (!parse.GetValue(yes))
                {
                    throw new CliException($"wipe would erase the stored data in {unit.DataDirectory}", "--yes", "add --yes to confirm", CommandLine.UsageError);
                }

                foreach (var line in Wipe(UnitPaths.From(unit), parse.GetValue(keys)))
                {
                    Console.Out.WriteLine(line);
                }

                return 0;
            }
            catch (CliException error)
            {
                return error.Report("wipe");
            }
        });
        return command;
    }

    /// <summary>Erases under the data-directory lock; returns one line per erased item.</summary>
    public static IReadOnlyList<string> Wipe(UnitPaths paths, bool keys)
    {
        if (!Directory.Exists(paths.Data))
        {
            return [$"wipe: {paths.Data} does not exist; nothing to erase"];
        }

        using var directoryLock = DataDirectoryLock.TryAcquire(paths.Data)
            ?? throw new CliException($"an agent is using {paths.Data}", "Unit:DataDirectory", "stop it first: systemctl stop geofence-device");
        var report = new List<string>();
        try
        {
            if (File.Exists(paths.Outbox))
            {
                var options = new OutboxOptions { DatabasePath = paths.Outbox };
                long erased;
                using (var outbox = DurableOutbox.Open(options, TimeProvider.System, NullLogger.Instance))
                {
                    erased = outbox.Depth;
                }

                SqliteConnection.ClearAllPools();
                foreach (var file in OutboxFiles(paths).Where(File.Exists))
                {
                    Overwrite(file); // the records don't linger in the freed blocks of this file system
                }

                var removed = DurableOutbox.Erase(options);
                report.Add($"wipe: outbox {paths.Outbox}: {erased} records erased ({removed.Count} files); sequence numbers continue from the clock, never back");
            }

            var files = new List<string> { paths.Audit, paths.Audit + ".prune" };
            if (Directory.Exists(paths.Incoming))
            {
                files.AddRange(Directory.GetFiles(paths.Incoming, "*.rejected"));
            }

            if (keys)
            {
                files.Add(Path.Combine(paths.Data, PolicyStore.BundleFileName));
                files.Add(Path.Combine(paths.Data, PolicyStore.StateFileName));
                files.Add(paths.DeviceKey);
            }

            foreach (var file in files.Where(File.Exists))
            {
                Overwrite(file);
                File.Delete(file);
                report.Add($"wipe: erased {file}");
            }

            report.Add(keys ? "wipe: done; the unit has no device key now: provision it again" : "wipe: done");
            return report;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
        {
            throw new CliException($"can't erase ({ex.Message})", paths.Data, "check permissions (run as root or the geofence user) and that the agent is stopped");
        }
    }

    private static IEnumerable<string> OutboxFiles(UnitPaths paths) =>
        OutboxSuffixes.Select(suffix => paths.Outbox + suffix)
            .Concat(Directory.GetFiles(paths.Data, Path.GetFileName(paths.Outbox) + ".corrupt*"));

    private static void Overwrite(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.None);
        var zeros = new byte[64 * 1024];
        for (var left = stream.Length; left > 0; left -= zeros.Length)
        {
            stream.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
        }

        stream.Flush(flushToDisk: true);
    }
}
