using System.Diagnostics;

namespace GeoFence.Device.Hosting;

/// <summary>
/// Sleeps to the monotonic clock's precision on one dedicated thread. .NET's timers (Task.Delay, ITimer) schedule on
/// Environment.TickCount64, which Linux serves from CLOCK_MONOTONIC_COARSE — 4 ms steps on the build machine, 10 ms on a
/// HZ=100 kernel — so a timer fires up to a step late: the unit benchmark's p90 of 7 ms beyond the guard delay. A timed
/// wait on an event is a pthread_cond_timedwait on CLOCK_MONOTONIC instead. One sleep at a time: a new one replaces it.
/// </summary>
internal sealed class PreciseSleeper : IDisposable
{
    private readonly Thread _thread;
    private readonly AutoResetEvent _changed = new(false);
    private readonly Lock _gate = new();
    private TaskCompletionSource? _pending;
    private long _dueTimestamp;
    private volatile bool _disposed;

    /// <summary>Starts the sleeping thread.</summary>
    public PreciseSleeper()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "delay line pump" };
        _thread.Start();
    }

    /// <summary>Completes after <paramref name="wait"/> (never earlier), or cancelled; a newer sleep cancels this one.</summary>
    public Task SleepAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sleep = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending?.TrySetCanceled(CancellationToken.None);
            _pending = sleep;
            _dueTimestamp = Stopwatch.GetTimestamp() + (long)Math.Ceiling(Math.Max(0, wait.TotalSeconds) * Stopwatch.Frequency);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => sleep.TrySetCanceled(cancellationToken));
            _ = sleep.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _changed.Set();
        return sleep.Task;
    }

    /// <summary>Stops the thread; a pending sleep is cancelled.</summary>
    public void Dispose()
    {
        _disposed = true;
        _changed.Set();
        _thread.Join();
        lock (_gate)
        {
            _pending?.TrySetCanceled(CancellationToken.None);
        }

        _changed.Dispose();
    }

    private void Run()
    {
        while (!_disposed)
        {
            TaskCompletionSource? due = null;
            var waitMilliseconds = Timeout.Infinite;
            lock (_gate)
            {
                if (_pending is { } pending)
                {
                    var remaining = _dueTimestamp - Stopwatch.GetTimestamp();
                    if (remaining <= 0 || pending.Task.IsCompleted)
                    {
                        due = pending;
                        _pending = null;
                    }
                    else
                    {
                        waitMilliseconds = (int)Math.Min(int.MaxValue, Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency));
                    }
                }
            }

            if (due is not null)
            {
                due.TrySetResult(); // no-op when it was cancelled meanwhile
                continue;
            }

            _changed.WaitOne(waitMilliseconds);
        }
    }
}
