using GeoFence.Device.Pipeline;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Hosting;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The unit's decision audit: one hash-chained <see cref="AuditLog"/> in the data directory, reopened (the chain
/// continues) when a policy with other output rules comes into force, and pruned to the policy's retention.
/// </summary>
public sealed class UnitAudit : IDecisionAudit, IDisposable
{
    private readonly string _path;
    private readonly IUnitSecrets _secrets;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private AuditLog? _log;
    private object? _rulesOf;

    /// <summary>Creates the audit at <paramref name="path"/>; it opens with the first usable policy.</summary>
    public UnitAudit(string path, IUnitSecrets secrets, TimeProvider time)
    {
        _path = path;
        _secrets = secrets;
        _time = time;
    }

    /// <summary>Entries written since start.</summary>
    public long Written { get; private set; }

    /// <summary>Opens (or reopens) the log for the output rules of <paramref name="state"/>; no usable rules: closes it.</summary>
    public void Use(PolicyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            var output = state.Policy?.Document.Output;
            if (ReferenceEquals(output, _rulesOf))
            {
                return;
            }

            _log?.Dispose();
            _log = null;
            _rulesOf = output;
            var rules = output is null ? null : OutputRulesMapper.Map(output).Rules;
            if (rules is not null)
            {
                _log = AuditLog.Open(_path, _secrets, rules, _time);
            }
        }
    }

    /// <inheritdoc/>
    public void Record(in AuditDecision decision)
    {
        lock (_gate)
        {
            if (_log is null)
            {
                return; // no rules in force: the pipeline emits nothing either
            }

            _log.Record(decision);
            Written++;
        }
    }

    /// <summary>Removes entries older than the retention; returns how many.</summary>
    public int Prune()
    {
        lock (_gate)
        {
            return _log?.PruneExpired() ?? 0;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}
