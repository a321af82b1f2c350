namespace GeoFence.Gnss;

/// <summary>Decoder counters: written by the decoding thread, readable from any thread.</summary>
public sealed class GnssCounters
{
    /// <summary>Number of distinct counters.</summary>
    public static readonly int Count = Enum.GetValues<GnssCounter>().Length;

    private readonly long[] _values = new long[Count];

    /// <summary>Current value of one counter (atomic read).</summary>
    public long this[GnssCounter counter] => Interlocked.Read(ref _values[(int)counter]);

    /// <summary>Copies all counters at once (each read atomically).</summary>
    public GnssCountersSnapshot Snapshot()
    {
        var copy = new long[Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _values[i]);
        }

        return new GnssCountersSnapshot(copy);
    }

    internal void Increment(GnssCounter counter) => Interlocked.Increment(ref _values[(int)counter]);

    internal void Add(GnssCounter counter, long amount)
    {
        if (amount != 0)
        {
            Interlocked.Add(ref _values[(int)counter], amount);
        }
    }
}
