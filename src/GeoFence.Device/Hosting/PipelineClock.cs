using GeoFence.Device.Pipeline;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The clocks of one run: the wall clock for I/O (outbox, broker, timers) and the pipeline's clock — a
/// <see cref="SteadyClock"/> over the wall clock for a live receiver, or a <see cref="ReplayClock"/> on the capture's own time for a file replay.
/// </summary>
public sealed class PipelineClock
{
    private readonly SteadyClock? _steady;

    private PipelineClock(TimeProvider wall, ReplayClock? replay, bool realtime)
    {
        Wall = wall;
        Replay = replay;
        Realtime = realtime;
        _steady = replay is null ? new SteadyClock(wall) : null;
    }

    /// <summary>The wall clock.</summary>
    public TimeProvider Wall { get; }

    /// <summary>The capture-time clock of a replay; null for a live receiver.</summary>
    internal ReplayClock? Replay { get; }

    /// <summary>True when a replay is paced by receiver time.</summary>
    public bool Realtime { get; }

    /// <summary>The clock the pipeline (sanitiser, audit) runs on: steady (immune to clock steps) live, capture time in a replay.</summary>
    public TimeProvider Pipeline => (TimeProvider?)Replay ?? _steady!;

    /// <summary>A live receiver: I/O on the wall clock, the pipeline on a steady clock over it.</summary>
    public static PipelineClock Live(TimeProvider wall) => new(wall, null, false);

    /// <summary>A replay on capture time, starting at <paramref name="start"/>.</summary>
    public static PipelineClock ForReplay(TimeProvider wall, DateTimeOffset start, bool realtime) => new(wall, new ReplayClock(start), realtime);
}
