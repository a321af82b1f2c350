using GeoFence.Device.Pipeline;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The clocks of one run: the wall clock for I/O (outbox, broker, timers) and the pipeline's clock — the wall clock for
/// a live receiver, or a <see cref="ReplayClock"/> on the capture's own time for a file replay.
/// </summary>
public sealed class PipelineClock
{
    private PipelineClock(TimeProvider wall, ReplayClock? replay, bool realtime)
    {
        Wall = wall;
        Replay = replay;
        Realtime = realtime;
    }

    /// <summary>The wall clock.</summary>
    public TimeProvider Wall { get; }

    /// <summary>The capture-time clock of a replay; null for a live receiver.</summary>
    internal ReplayClock? Replay { get; }

    /// <summary>True when a replay is paced by receiver time.</summary>
    public bool Realtime { get; }

    /// <summary>The clock the pipeline (sanitiser, audit) runs on.</summary>
    public TimeProvider Pipeline => (TimeProvider?)Replay ?? Wall;

    /// <summary>A live receiver: everything on the wall clock.</summary>
    public static PipelineClock Live(TimeProvider wall) => new(wall, null, false);

    /// <summary>A replay on capture time, starting at <paramref name="start"/>.</summary>
    public static PipelineClock ForReplay(TimeProvider wall, DateTimeOffset start, bool realtime) => new(wall, new ReplayClock(start), realtime);
}
