using System.CommandLine;
using GeoFence.Device.Hosting;

namespace GeoFence.Device.Cli;

/// <summary>`run` (also the default with no command): the unit's agent, as systemd starts it.</summary>
internal static class RunCommand
{
    public static Option<string?> ConfigDirectory { get; } = new("--config-dir")
    {
        Description = $"Directory of configuration files (*.json, applied in name order); default {UnitHost.DefaultConfigDirectory}.",
    };

    public static Command Create()
    {
        var command = new Command("run", """
            Run the unit: read the receiver, decide every fix against the signed policy, sanitise, store in the outbox
            and forward to the approved broker. Configuration: appsettings.json next to the executable, then
            /etc/geofence-device/*.json, then GEOFENCE_* environment variables (GEOFENCE_Unit__Id=unit-0042), then
            Section:Key=value arguments. Invalid configuration: every problem on one line each, exit 2.
            Examples:
              geofence-device run
              geofence-device run --config-dir ./etc Unit:Id=unit-0042 Receiver:Source=file:drive.log
            """);
        command.Options.Add(ConfigDirectory);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(InvokeAsync);
        return command;
    }

    /// <summary>Runs the unit with the unmatched tokens as configuration arguments.</summary>
    public static Task<int> InvokeAsync(ParseResult parse, CancellationToken cancellationToken) =>
        UnitRunner.RunAsync([.. parse.UnmatchedTokens], parse.GetValue(ConfigDirectory), null, Console.Error, cancellationToken);
}
