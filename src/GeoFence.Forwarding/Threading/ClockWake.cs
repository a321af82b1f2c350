using System.Diagnostics;

namespace GeoFence.Forwarding.Threading;

/// <summary>
/// What a dedicated thread (the pipeline, the outbox's commits) sleeps on: a deadline set by <see cref="Arm"/>, or an
/// early <see cref="Set"/>, whichever comes first. On the system clock the wait is a timed wait on an event — a
/// pthread_cond_timedwait on CLOCK_MONOTONIC, to the millisecond — and costs one wake-up; a .NET timer costs the timer
/// thread, a pool thread and their hand-offs, and schedules on Environment.TickCount64, which Linux serves from
/// CLOCK_MONOTONIC_COARSE (4 ms steps on the build machine, 10 ms on a HZ=100 kernel). On any other clock (a test's fake
/// one) a timer of that clock, armed before the wait starts, ends it.
/// </summary>
public sealed class ClockWake : IDisposable
{
    private readonly AutoResetEvent _signal = new(false);
    private readonly FutexSignal? _futex;
    private readonly ITimer? _timer;
    private long _deadline = long.MaxValue;

    /// <summary>Sleeps on <paramref name="clock"/>'s time.</summary>
    public ClockWake(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (!ReferenceEquals(clock, TimeProvider.System))
        {
            _timer = clock.CreateTimer(static state => ((AutoResetEvent)state!).Set(), _signal, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        else if (FutexSignal.IsSupported)
        {
            _futex = new FutexSignal(); // on Linux: a futex word, not the runtime's wait subsystem
        }
    }

    /// <summary>True when the wait runs on the system's monotonic clock (<see cref="System.Diagnostics.Stopwatch"/> timestamps), not on a test's clock.</summary>
    public bool OnSystemClock => _timer is null;

    /// <summary>Ends the current wait, or the next one at once if none is in progress; a no-op once disposed.</summary>
    public void Set()
    {
        if (_futex is not null)
        {
            _futex.Set(); // harmless once the sleeper is gone
            return;
        }

        try
        {
            _signal.Set();
        }
        catch (ObjectDisposedException)
        {
            // The sleeping thread has ended (a fix handed over during shutdown): nobody to wake.
        }
    }

    /// <summary>Sets the deadline of the next <see cref="Wait"/> to <paramref name="wait"/> from now (infinite: no deadline).</summary>
    public void Arm(TimeSpan wait)
    {
        if (_timer is not null)
        {
            _timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan);
            return;
        }

        Volatile.Write(ref _deadline, wait == Timeout.InfiniteTimeSpan ? long.MaxValue
            : Stopwatch.GetTimestamp() + (long)Math.Ceiling(Math.Max(0, wait.TotalSeconds) * Stopwatch.Frequency));
    }

    /// <summary>Returns at the armed deadline (whole milliseconds; the caller re-checks what it waits for) or at <see cref="Set"/>.</summary>
    public void Wait()
    {
        if (_timer is not null)
        {
            _signal.WaitOne();
            return;
        }

        var deadline = Volatile.Read(ref _deadline);
        if (deadline == long.MaxValue)
        {
            WaitFor(Timeout.Infinite);
            return;
        }

        var remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining > 0)
        {
            WaitFor((int)Math.Min(int.MaxValue, Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency)));
        }
    }

    private void WaitFor(int milliseconds)
    {
        if (_futex is not null)
        {
            _futex.Wait(milliseconds);
        }
        else
        {
            _signal.WaitOne(milliseconds);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _timer?.Dispose();
        _signal.Dispose();
    }
}
