namespace GeoFence.Sanitizing.Audit;

/// <summary>The ticket ranges of audit entries lost in failed writes; bounded: the oldest ranges (long past any delay line) are forgotten.</summary>
public sealed class LostTickets
{
    private const int Capacity = 64;
    private readonly Queue<(long After, long Through)> ranges = new();

    /// <summary>Adds the tickets after <paramref name="after"/> up to <paramref name="through"/>.</summary>
    public void Add(long after, long through)
    {
        if (through <= after)
        {
            return;
        }

        if (ranges.Count == Capacity)
        {
            ranges.Dequeue();
        }

        ranges.Enqueue((after, through));
    }

    /// <summary>True when <paramref name="ticket"/> lies in a lost range.</summary>
    public bool Contains(long ticket)
    {
        foreach (var (after, through) in ranges)
        {
            if (ticket > after && ticket <= through)
            {
                return true;
            }
        }

        return false;
    }
}
