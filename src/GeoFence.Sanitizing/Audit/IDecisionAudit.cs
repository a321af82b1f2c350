namespace GeoFence.Sanitizing.Audit;

/// <summary>
/// Receives every decision before anything for it can leave; a failure to record stops the fix (fail closed). An audit
/// may buffer entries: the sanitiser then has them written (<see cref="Flush"/>) before a record that depends on one
/// leaves, and drops what waits when buffered entries are lost. An audit that writes in <see cref="Record"/> keeps the
/// defaults (every ticket 0, nothing buffered, nothing lost).
/// </summary>
public interface IDecisionAudit
{
    /// <summary>Records one decision (written, or buffered until <see cref="Flush"/>), or throws.</summary>
    void Record(in AuditDecision decision);

    /// <summary>Ticket of the last recorded decision: they count up from 1 with each <see cref="Record"/>.</summary>
    long LastTicket => 0;

    /// <summary>Every decision with a ticket up to this one is written to the OS (or was counted in <see cref="Losses"/>).</summary>
    long WrittenThrough => 0;

    /// <summary>How many times buffered decisions were lost (a failed write); <see cref="WasLost"/> tells which.</summary>
    long Losses => 0;

    /// <summary>True when the decision with this ticket was lost in a failed write (nothing that depends on it may leave).</summary>
    bool WasLost(long ticket) => false;

    /// <summary>Writes every buffered decision, or throws an <see cref="IOException"/> (they are lost and counted).</summary>
    void Flush()
    {
    }
}
