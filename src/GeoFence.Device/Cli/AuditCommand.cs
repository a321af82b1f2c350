using System.CommandLine;
using GeoFence.Sanitizing.Audit;

namespace GeoFence.Device.Cli;

/// <summary>`audit verify FILE`: checks the hash-chained decision log; any edited, reordered or removed entry is reported.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var audit = new Command("audit", "Work with the unit's hash-chained decision log (no coordinates in it: coarse time, policy, action, keyed zone hashes).");
        audit.Subcommands.Add(CreateVerify());
        return audit;
    }

    private static Command CreateVerify()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The audit log to check, e.g. /var/lib/geofence-device/audit.log." };
        var expectHead = new Option<string?>("--expect-head")
        {
            Description = "The head hash anchored elsewhere (status topic, a previous verify); detects entries removed from the end.",
        };
        var command = new Command("verify", """
            Verify an audit log: every line an entry, entry numbers consecutive, each entry carrying the SHA-256 of the one before.
            Exit 0 when intact, 1 when anything was edited, reordered or removed, 2 for a usage error.
            Entries before the first one present were pruned by retention (or removed): the first entry number is printed.
            Examples:
              geofence-device audit verify /var/lib/geofence-device/audit.log
              geofence-device audit verify audit.log --expect-head 3f5c…
            """);
        command.Arguments.Add(file);
        command.Options.Add(expectHead);
        command.SetAction(parse =>
        {
            try
            {
                return Verify(parse.GetValue(file)!, parse.GetValue(expectHead), Console.Out, Console.Error);
            }
            catch (CliException error)
            {
                return error.Report("audit verify");
            }
        });
        return command;
    }

    /// <summary>Verifies and prints the result; returns the exit code.</summary>
    public static int Verify(FileInfo file, string? expectHead, TextWriter output, TextWriter errors)
    {
        if (!file.Exists)
        {
            throw new CliException("audit log not found", file.FullName, "give the path of the unit's audit log");
        }

        AuditVerification result;
        try
        {
            result = AuditVerifier.Verify(file.FullName, expectHead);
        }
        catch (IOException exception)
        {
            throw new CliException($"cannot read the audit log: {exception.Message}", file.FullName, "check the path and permissions");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException("no permission to read the audit log", file.FullName, "run as the geofence-device user or root");
        }

        foreach (var problem in result.Problems)
        {
            errors.WriteLine($"audit verify: {file.Name}: {problem}");
        }

        var last = result.FirstIndex + result.Entries - 1;
        var span = result.Entries == 0 ? "no entries" : $"{result.Entries} entries, n = {result.FirstIndex}..{last}";
        var prefix = result.FirstIndex > 0 ? $"; entries 0..{result.FirstIndex - 1} absent (retention or removal)" : string.Empty;
        output.WriteLine($"audit verify: {file.Name}: {(result.Intact ? "intact" : "BROKEN")}: {span}{prefix}; head {result.HeadHash}");
        return result.Intact ? 0 : CommandLine.RuntimeError;
    }
}
