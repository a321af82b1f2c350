using System.CommandLine;

namespace GeoFence.Device.Cli.Policy;

/// <summary><c>policy verify --bundle B --trust DIR [--time T]</c>.</summary>
internal static class VerifyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create(TimeProvider timeProvider)
    {
        var bundle = new BundleOptions();
        var time = new Option<string>("--time") { Description = "Check validity at this instant instead of now (ISO 8601)." };
        var command = new Command("verify", "Verify a bundle's signature against a trust directory, its policy, and its validity window (exit 0 only if usable).\nExample: geofence-device policy verify --bundle policy-v7.bundle --trust /etc/geofence/trust");
        bundle.AddTo(command);
        command.Options.Add(time);
        PolicyCliHandler.Bind(command, (parseResult, output) =>
        {
            var at = BundleOptions.ParseTime(parseResult.GetValue(time), "policy verify --time") ?? timeProvider.GetUtcNow();
            var (policy, path) = bundle.Load(parseResult, "verify");
            var d = policy.Document;
            if (at < d.NotBefore)
            {
                throw CliFailure.Runtime($"{path}: signature ok but policy {d.PolicyId} v{d.Version} is not valid before {d.NotBefore:O}; wait or check the clock");
            }

            if (at >= d.NotAfter)
            {
                throw CliFailure.Runtime($"{path}: signature ok but policy {d.PolicyId} v{d.Version} expired at {d.NotAfter:O}; sign a newer version");
            }

            output.WriteLine($"ok: policy {d.PolicyId} version {d.Version} signed by {policy.SignerKeyId}, valid {d.NotBefore:O} .. {d.NotAfter:O}");
            return 0;
        });
        return command;
    }
}
