namespace GeoFence.Device.Sources;

/// <summary>Thread-safe counters of the source supervisor, read by status reporting.</summary>
public sealed class SourceCounters
{
    private long _bytes;
    private long _opens;
    private long _reopens;
    private long _faults;
    private long _stalls;
    private long _ends;
    private int _state;

    /// <summary>Bytes read from the receiver.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Successful opens, the first included.</summary>
    public long Opens => Interlocked.Read(ref _opens);

    /// <summary>Successful opens after the first.</summary>
    public long Reopens => Interlocked.Read(ref _reopens);

    /// <summary>Open or read failures (unplug, refused, I/O error).</summary>
    public long Faults => Interlocked.Read(ref _faults);

    /// <summary>Connections closed because no byte arrived within the stall timeout.</summary>
    public long Stalls => Interlocked.Read(ref _stalls);

    /// <summary>Ends of stream seen (EOF, peer closed).</summary>
    public long Ends => Interlocked.Read(ref _ends);

    /// <summary>The current state.</summary>
    public SourceState State => (SourceState)Volatile.Read(ref _state);

    internal void AddBytes(int count) => Interlocked.Add(ref _bytes, count);

    internal void Opened()
    {
        if (Interlocked.Increment(ref _opens) > 1)
        {
            Interlocked.Increment(ref _reopens);
        }
    }

    internal void Fault() => Interlocked.Increment(ref _faults);

    internal void Stall() => Interlocked.Increment(ref _stalls);

    internal void End() => Interlocked.Increment(ref _ends);

    internal void Set(SourceState state) => Volatile.Write(ref _state, (int)state);

    /// <inheritdoc/>
    public override string ToString() =>
        $"state={State} bytes={Bytes} opens={Opens} reopens={Reopens} faults={Faults} stalls={Stalls} ends={Ends}";
}
