using GeoFence.Zones.Bundles;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoFence.Forwarding.Publishing;

/// <summary>
/// Takes policy bundles arriving on the policy topics and hands them to the same updater a file drop uses: the same
/// signature check, validity window and anti-rollback. One at a time; a refused bundle keeps the current policy.
/// </summary>
public sealed partial class PolicyBundleReceiver(PolicyUpdater updater, ILogger logger)
{
    private readonly Lock _gate = new();

    /// <summary>Raised after each bundle was applied or refused.</summary>
    public event Action<PolicyUpdateResult>? Applied;

    /// <summary>The callback for <see cref="MqttForwarder"/>'s policy topics.</summary>
    public Task OnBundleAsync(ReadOnlyMemory<byte> bundle)
    {
        PolicyUpdateResult result;
        lock (_gate)
        {
            result = updater.Apply(bundle.Span);
        }

        if (result.Accepted)
        {
            LogAccepted(logger, result.State.Policy!.Document.PolicyId, result.State.Policy.Document.Version);
        }
        else
        {
            LogRefused(logger, result.State.Status.ToString());
        }

        Applied?.Invoke(result);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "policy {PolicyId} version {Version} from the policy topic installed")]
    private static partial void LogAccepted(ILogger logger, string policyId, long version);

    // The status only: a rejection's detail may name a zone id, and zone data is never logged.
    [LoggerMessage(Level = LogLevel.Warning, Message = "policy bundle from the policy topic refused ({Status}); current policy kept")]
    private static partial void LogRefused(ILogger logger, string status);
}
