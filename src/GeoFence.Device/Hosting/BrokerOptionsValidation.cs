using Microsoft.Extensions.Options;

namespace GeoFence.Device.Hosting;

/// <summary>Checks <see cref="BrokerOptions"/> at start; each failure names the key, what is wrong and an example.</summary>
public sealed class BrokerOptionsValidation : IValidateOptions<BrokerOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, BrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Protocol is not ("5" or "3.1.1"))
        {
            failures.Add($"Broker:Protocol '{options.Protocol}' is not supported: use 5 or 3.1.1");
        }

        if (string.IsNullOrWhiteSpace(options.TopicPrefix) || options.TopicPrefix.IndexOfAny(['#', '+', '\0']) >= 0
            || options.TopicPrefix.StartsWith('/') || options.TopicPrefix.EndsWith('/') || options.TopicPrefix.StartsWith('$'))
        {
            failures.Add($"Broker:TopicPrefix '{options.TopicPrefix}' is not a topic prefix: no wildcards, no leading '$' or '/', e.g. geofence");
        }

        if (options.Port is { } port)
        {
            UnitOptionsValidation.RequireRange(failures, "Broker:Port", port, 1, 65_535, "8883");
        }

        UnitOptionsValidation.RequireRange(failures, "Broker:MaxInFlight", options.MaxInFlight, 1, 65_535, "16");
        UnitOptionsValidation.RequireRange(failures, "Broker:BatchSize", options.BatchSize, 1, 1_000, "50");
        if ((options.ClientCertificateFile is null) != (options.ClientKeyFile is null))
        {
            failures.Add("Broker:ClientCertificateFile and Broker:ClientKeyFile go together: give both PEM files, e.g. /etc/geofence-device/client.crt and client.key");
        }

        foreach (var (key, path) in new[] { ("Broker:ClientCertificateFile", options.ClientCertificateFile), ("Broker:ClientKeyFile", options.ClientKeyFile) })
        {
            if (path is not null && !File.Exists(path))
            {
                failures.Add($"{key}: {path} does not exist: provision it (see README, provisioning) or remove the key");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
