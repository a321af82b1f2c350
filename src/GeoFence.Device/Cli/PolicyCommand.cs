using System.CommandLine;
using GeoFence.Device.Cli.Policy;

namespace GeoFence.Device.Cli;

/// <summary>The <c>policy</c> command group: keygen, sign, verify, inspect, check.</summary>
internal static class PolicyCommand
{
    /// <summary>Creates the group with the system clock.</summary>
    public static Command Create() => Create(TimeProvider.System);

    /// <summary>Creates the group with the given clock (tests inject a fake one).</summary>
    public static Command Create(TimeProvider timeProvider)
    {
        var command = new Command("policy", "Signed geofence policies: make keys, sign, verify, inspect, and check positions against a bundle.")
        {
            KeygenCommand.Create(),
            SignCommand.Create(),
            VerifyCommand.Create(timeProvider),
            InspectCommand.Create(timeProvider),
            CheckCommand.Create(timeProvider),
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Error.WriteLine(
                "policy: give a sub-command (keygen, sign, verify, inspect, check); see 'policy --help'");
            return CliFailure.UsageExitCode;
        });
        return command;
    }
}
