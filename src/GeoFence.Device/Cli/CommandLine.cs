using System.CommandLine;

namespace GeoFence.Device.Cli;

/// <summary>The geofence-device command line: builds the command tree and runs it with our exit-code rules.</summary>
public static class CommandLine
{
    /// <summary>Exit code for a usage error (bad or missing option).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a failure while running.</summary>
    public const int RuntimeError = 1;

    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("GeoFence.Device: reads a GNSS receiver, applies the signed geofence policy, forwards compliant data only.");
        root.Options.Add(RunCommand.ConfigDirectory);
        root.SetAction(RunCommand.InvokeAsync);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ProvisionCommand.Create());
        root.Subcommands.Add(SelftestCommand.Create());
        root.Subcommands.Add(WipeCommand.Create());
        root.Subcommands.Add(Decode.DecodeCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; usage errors print one line each and return 2.</summary>
    public static int Run(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"geofence-device: usage: {error.Message} (see --help)");
            }

            return UsageError;
        }

        return parse.Invoke();
    }
}
