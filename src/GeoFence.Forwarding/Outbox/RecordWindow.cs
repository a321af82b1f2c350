namespace GeoFence.Forwarding.Outbox;

/// <summary>Where a record held in memory stands.</summary>
internal enum EntryState : byte
{
    /// <summary>Only in memory; the next commit writes it.</summary>
    Uncommitted,

    /// <summary>A commit in progress is writing it.</summary>
    Committing,

    /// <summary>In the database; kept in memory so reads need no SQL.</summary>
    Stored,

    /// <summary>The broker acknowledged it: never handed out again.</summary>
    Acknowledged,
}

/// <summary>One record held in memory and where it stands.</summary>
internal struct WindowEntry
{
    /// <summary>The record.</summary>
    public OutboxRecord Record;

    /// <summary>Where it stands.</summary>
    public EntryState State;
}

/// <summary>
/// Records in ascending sequence order in a growable ring: append at the end, remove at the front, find by sequence in
/// O(log n), change an entry in place. No allocation per record once the ring has grown to its working size.
/// </summary>
internal sealed class RecordWindow
{
    private WindowEntry[] _items = new WindowEntry[64];
    private int _head;

    /// <summary>Entries held.</summary>
    public int Count { get; private set; }

    /// <summary>The entry at <paramref name="index"/> (0 = lowest sequence), by reference.</summary>
    public ref WindowEntry this[int index] => ref _items[(_head + index) & (_items.Length - 1)];

    /// <summary>The highest sequence held (the window must not be empty).</summary>
    public long LastSequence => this[Count - 1].Record.Sequence;

    /// <summary>The lowest sequence held (the window must not be empty).</summary>
    public long FirstSequence => this[0].Record.Sequence;

    /// <summary>Appends a record whose sequence is above every one held.</summary>
    public void Add(OutboxRecord record, EntryState state)
    {
        if (Count == _items.Length)
        {
            var grown = new WindowEntry[_items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                grown[i] = this[i];
            }

            _items = grown;
            _head = 0;
        }

        ref var slot = ref this[Count];
        slot.Record = record;
        slot.State = state;
        Count++;
    }

    /// <summary>Removes the lowest entry (the window must not be empty).</summary>
    public void RemoveFirst()
    {
        this[0] = default;
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        while (Count > 0)
        {
            RemoveFirst();
        }

        _head = 0;
    }

    /// <summary>The index of the first entry with a sequence above <paramref name="sequence"/> (Count when none).</summary>
    public int IndexAfter(long sequence)
    {
        int low = 0, high = Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (this[mid].Record.Sequence <= sequence)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>The index of the entry with this sequence, or -1.</summary>
    public int IndexOf(long sequence)
    {
        var index = IndexAfter(sequence - 1);
        return index < Count && this[index].Record.Sequence == sequence ? index : -1;
    }
}
