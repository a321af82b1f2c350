using GeoFence.Device.Pipeline;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Hosting;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The unit's decision audit: one hash-chained <see cref="AuditLog"/> in the data directory, reopened (the chain
/// continues) when a policy with other output rules comes into force, and pruned to the policy's retention. Entries are
/// buffered until the sanitiser flushes them (before a record whose entry is buffered leaves, and once a second) or
/// <see cref="AuditLog.FlushAtPendingBytes"/> accumulate. A write that fails (data directory full, I/O error) throws to the caller
/// and drops the open log, counting a loss when buffered entries went with it (the sanitiser then drops what waits); the
/// next entry reopens the log, which cuts a partly written last line and continues the chain from the last complete one.
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
    private long _lastTicket;
    private long _writtenThrough;
    private long _losses;
    private readonly LostTickets _lost = new();

    /// <summary>Creates the audit at <paramref name="path"/>; it opens with the first usable policy.</summary>
    public UnitAudit(string path, IUnitSecrets secrets, TimeProvider time)
    {
        _path = path;
        _secrets = secrets;
        _time = time;
    }

    /// <summary>Entries recorded since start.</summary>
    public long Written { get; private set; }

    /// <inheritdoc/>
    public long LastTicket
    {
        get
        {
            lock (_gate)
            {
                return _lastTicket;
            }
        }
    }

    /// <inheritdoc/>
    public long WrittenThrough
    {
        get
        {
            lock (_gate)
            {
                return _writtenThrough;
            }
        }
    }

    /// <inheritdoc/>
    public bool WasLost(long ticket)
    {
        lock (_gate)
        {
            return _lost.Contains(ticket);
        }
    }

    /// <inheritdoc/>
    public long Losses
    {
        get
        {
            lock (_gate)
            {
                return _losses;
            }
        }
    }

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
                var written = _log.WrittenThrough;
                _log.Record(decision);
                if (_log.WrittenThrough != written)
                {
                    _writtenThrough = _lastTicket; // the log wrote its full buffer out first: everything before this entry
                }
            }
            catch (IOException)
            {
                Fail();
                throw;
            }

            _lastTicket++;
            Written++;
        }
    }

    /// <inheritdoc/>
    public void Flush()
    {
        lock (_gate)
        {
            try
            {
                _log?.Flush();
            }
            catch (IOException)
            {
                Fail();
                throw;
            }

            _writtenThrough = _lastTicket; // with no log open nothing is buffered: a drop wrote or counted it
        }
    }

    /// <summary>Removes entries older than the retention; returns how many.</summary>
    public int Prune()
    {
        lock (_gate)
        {
            try
            {
                var removed = _log?.PruneExpired() ?? 0; // writes the buffered entries first
                _writtenThrough = _lastTicket;
                return removed;
            }
            catch (IOException)
            {
                Fail(); // the prune may have closed the log's stream before it failed: reopen at the next entry
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

    /// <summary>After a failed write: counts a loss if the log lost buffered entries, and drops it.</summary>
    private void Fail()
    {
        if (_log is { Losses: > 0 })
        {
            Lost();
        }

        Drop();
    }

    /// <summary>Counts a loss of every entry recorded since the last successful write.</summary>
    private void Lost()
    {
        _losses++;
        _lost.Add(_writtenThrough, _lastTicket);
        _writtenThrough = _lastTicket; // written or lost: none of them is buffered any more
    }

    /// <summary>Closes the open log, if any, writing its buffered entries; if that fails they are lost (counted).</summary>
    private void Drop()
    {
        if (_log is null)
        {
            return;
        }

        var buffered = _log.PendingEntries > 0;
        try
        {
            _log.Dispose();
            _writtenThrough = _lastTicket;
        }
        catch (IOException)
        {
            // the disk still refuses: the handle is closed all the same, and the reopen cuts any partial line
            if (buffered)
            {
                Lost();
            }
        }

        _log = null;
    }
}
