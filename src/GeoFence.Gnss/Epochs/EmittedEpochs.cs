namespace GeoFence.Gnss.Epochs;

/// <summary>Remembers the times of the most recently emitted epochs so none is emitted twice.</summary>
internal sealed class EmittedEpochs
{
    private readonly long[] _ticks = new long[32];
    private int _count;
    private int _next;

    /// <summary>True when an epoch with this UTC time was emitted recently.</summary>
    public bool Contains(long utcTicks) => _ticks.AsSpan(0, _count).Contains(utcTicks); // vectorised

    /// <summary>Records an emitted epoch time.</summary>
    public void Add(long utcTicks)
    {
        _ticks[_next] = utcTicks;
        _next = (_next + 1) % _ticks.Length;
        _count = Math.Min(_count + 1, _ticks.Length);
    }
}
