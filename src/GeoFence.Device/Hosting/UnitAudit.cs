using GeoFence.Device.Pipeline;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Hosting;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The unit's decision audit: one hash-chained <see cref="AuditLog"/> in the data directory, reopened (the chain
/// continues) when a policy with other output rules comes into force, and pruned to the policy's retention. A write that
/// fails (data directory full, I/O error) throws to the caller, who withholds the fix, and drops the open log: the next
/// entry reopens it, which cuts a partly written last line and continues the chain from the last complete one.
/// </summary>
public sealed class UnitAudit : IDecisionAudit, IDisposable
{
    private readonly string _path;
    private readonly IUnitSecrets _secrets;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private AuditLog? _log;
    private OutputRules? _rules;
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

            Drop();
            _rulesOf = output;
            _rules = output is null ? null : OutputRulesMapper.Map(output).Rules;
            try
            {
                _log = _rules is null ? null : AuditLog.Open(_path, _secrets, _rules, _time);
            }
            catch (IOException)
            {
                // storage refuses now: the next entry tries again (and throws to the pipeline, which withholds its fix)
            }
        }
    }

    /// <inheritdoc/>
    public void Record(in AuditDecision decision)
    {
        lock (_gate)
        {
            if (_rules is null)
            {
                return; // no rules in force: the pipeline emits nothing either
            }

            try
            {
                _log ??= AuditLog.Open(_path, _secrets, _rules, _time);
                _log.Record(decision);
            }
            catch (IOException)
            {
                Drop(); // its buffer may hold the unwritten entry: never let that reach the file out of chain
                throw;
            }

            Written++;
        }
    }

    /// <summary>Removes entries older than the retention; returns how many.</summary>
    public int Prune()
    {
        lock (_gate)
        {
            try
            {
                return _log?.PruneExpired() ?? 0;
            }
            catch (IOException)
            {
                Drop(); // the prune closed the log's stream before it failed: reopen at the next entry
                throw;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            Drop();
        }
    }

    /// <summary>Closes the open log, if any; a flush that fails on closing loses only the unwritten (uncounted) entry.</summary>
    private void Drop()
    {
        try
        {
            _log?.Dispose();
        }
        catch (IOException)
        {
            // the disk still refuses: the handle is closed all the same, and the reopen cuts any partial line
        }

        _log = null;
    }
}
