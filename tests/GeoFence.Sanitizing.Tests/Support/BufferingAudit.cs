using GeoFence.Sanitizing.Audit;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>An audit that buffers entries until flushed, as the unit's does; a flush can be made to fail (entries lost).</summary>
public sealed class BufferingAudit : IDecisionAudit
{
    private readonly List<AuditDecision> buffered = [];
    private readonly LostTickets lost = new();

    /// <summary>Entries written (flushed).</summary>
    public List<AuditDecision> Written { get; } = [];

    /// <summary>Flushes that wrote something.</summary>
    public int Flushes { get; private set; }

    /// <summary>When set, the next flush fails and loses the buffered entries.</summary>
    public bool FailNextFlush { get; set; }

    public long LastTicket { get; private set; }

    public long WrittenThrough { get; private set; }

    public long Losses { get; private set; }

    public void Record(in AuditDecision decision)
    {
        buffered.Add(decision);
        LastTicket++;
    }

    public void Flush()
    {
        if (buffered.Count == 0)
        {
            WrittenThrough = LastTicket;
            return;
        }

        if (FailNextFlush)
        {
            FailNextFlush = false;
            LoseBuffered();
            throw new IOException("No space left on device");
        }

        Written.AddRange(buffered);
        buffered.Clear();
        Flushes++;
        WrittenThrough = LastTicket;
    }

    /// <summary>Entries lost without this sanitiser's call (as a prune on another thread would).</summary>
    public void LoseBuffered()
    {
        buffered.Clear();
        Losses++;
        lost.Add(WrittenThrough, LastTicket);
        WrittenThrough = LastTicket;
    }

    public bool WasLost(long ticket) => lost.Contains(ticket);
}
