using System.CommandLine;
using GeoFence.Device.Cli.Selftest;

namespace GeoFence.Device.Cli;

/// <summary>`selftest`: the integrator's pre-flight check of a provisioned unit.</summary>
internal static class SelftestCommand
{
    public static Command Create()
    {
        var command = new Command("selftest", """
            Check a provisioned unit the way the agent will use it: configuration, data directory and free space, device
            key and its permissions (0600, owner geofence or root), trusted keys and their directory (not writable by
            group/other), installed policy, receiver (two epochs within 5 s), the approved broker (the forwarder's own TLS
            handshake with the policy's CA/pins and an MQTT CONNECT), GPIO, the status display and the clock. One line
            per check (PASS/WARN/FAIL with the fix); exit 0 when nothing failed, else 1.
            Run it as the service user with the agent stopped (the receiver port is exclusive).
            Example:
              sudo -u geofence geofence-device selftest
            """);
        command.Options.Add(RunCommand.ConfigDirectory);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var results = await UnitSelftest.RunAsync([.. parse.UnmatchedTokens], parse.GetValue(RunCommand.ConfigDirectory), cancellationToken).ConfigureAwait(false);
            foreach (var result in results)
            {
                await Console.Out.WriteLineAsync(result.ToString()).ConfigureAwait(false);
            }

            var failed = results.Count(r => r.Outcome == SelftestOutcome.Fail);
            await Console.Out.WriteLineAsync($"selftest: {results.Count(r => r.Outcome == SelftestOutcome.Pass)} passed, {results.Count(r => r.Outcome == SelftestOutcome.Warn)} warnings, {failed} failed").ConfigureAwait(false);
            return failed == 0 ? 0 : CommandLine.RuntimeError;
        });
        return command;
    }
}
