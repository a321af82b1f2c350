using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GeoFence.Gnss;

/// <summary>Decoder counters: written by the decoding thread only, readable from any thread.</summary>
/// <remarks>
/// Single writer: on 64-bit processes an increment is a volatile store (aligned 64-bit stores and loads are atomic),
/// so the hot path has no locked instruction; 32-bit processes (Pi OS armhf) use Interlocked so readers never see a
/// torn value.
/// </remarks>
public sealed class GnssCounters
{
    /// <summary>Number of distinct counters.</summary>
    public static readonly int Count = Enum.GetValues<GnssCounter>().Length;

    private readonly long[] _values = new long[Count];

    /// <summary>Current value of one counter (atomic read).</summary>
    public long this[GnssCounter counter] => Read(ref _values[(int)counter]);

    /// <summary>Copies all counters at once (each read atomically).</summary>
    public GnssCountersSnapshot Snapshot()
    {
        var copy = new long[Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Read(ref _values[i]);
        }

        return new GnssCountersSnapshot(copy);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Increment(GnssCounter counter) => Add(counter, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Add(GnssCounter counter, long amount)
    {
        // The array has one entry per member of GnssCounter, and the decoder passes only members: no bounds check.
        ref var value = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_values), (int)counter);
        if (Atomic64)
        {
            Volatile.Write(ref value, value + amount);
        }
        else
        {
            Interlocked.Add(ref value, amount);
        }
    }

    /// <summary>Aligned 64-bit loads and stores are atomic (a constant to the compiler: no test per increment).</summary>
    private static bool Atomic64 => IntPtr.Size == 8;

    private static long Read(ref long value) => Atomic64 ? Volatile.Read(ref value) : Interlocked.Read(ref value);
}
