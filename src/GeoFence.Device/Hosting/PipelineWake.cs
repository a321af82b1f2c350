namespace GeoFence.Device.Hosting;

/// <summary>
/// What the pipeline thread sleeps on: a fix handed over (<see cref="Set"/>) or its planned wake-up, whichever comes
/// first. On the system clock the wait is a timed wait on an event — a pthread_cond_timedwait on CLOCK_MONOTONIC, to the
/// millisecond — because .NET's timers (Task.Delay, ITimer) schedule on Environment.TickCount64, which Linux serves from
/// CLOCK_MONOTONIC_COARSE (4 ms steps on the build machine, 10 ms on a HZ=100 kernel): a record would leave up to a step
/// late. On any other clock (a test's fake one) a timer of that clock ends the wait.
/// </summary>
internal sealed class PipelineWake : IDisposable
{
    private readonly AutoResetEvent _signal = new(false);
    private readonly TimeProvider _clock;

    /// <summary>Waits on <paramref name="clock"/>'s time.</summary>
    public PipelineWake(TimeProvider clock) => _clock = clock;

    /// <summary>Ends the current wait, or the next one at once if none is in progress.</summary>
    public void Set() => _signal.Set();

    /// <summary>Returns after <paramref name="wait"/> (rounded up to whole milliseconds; a caller re-checks what it waits for) or at <see cref="Set"/>.</summary>
    public void Wait(TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        if (ReferenceEquals(_clock, TimeProvider.System))
        {
            _signal.WaitOne((int)Math.Min(int.MaxValue, Math.Ceiling(wait.TotalMilliseconds)));
            return;
        }

        using var timer = _clock.CreateTimer(static state => ((AutoResetEvent)state!).Set(), _signal, wait, Timeout.InfiniteTimeSpan);
        _signal.WaitOne();
    }

    /// <inheritdoc/>
    public void Dispose() => _signal.Dispose();
}
