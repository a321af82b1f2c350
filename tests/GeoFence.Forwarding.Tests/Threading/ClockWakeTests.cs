using GeoFence.Forwarding.Threading;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Forwarding.Tests.Threading;

/// <summary>The wait of the pipeline and commit threads: ends at its armed deadline or at Set, on the system clock and on a fake one.</summary>
public sealed class ClockWakeTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Set_ends_a_wait_without_deadline_and_a_set_before_the_wait_is_kept()
    {
        using var wake = new ClockWake(TimeProvider.System);
        wake.Arm(Timeout.InfiniteTimeSpan);
        var waiting = WaitOnThread(wake);
        wake.Set();
        await waiting.WaitAsync(Guard);

        wake.Set(); // nobody waits yet: the next wait returns at once
        await WaitOnThread(wake).WaitAsync(Guard);
    }

    [Fact]
    public void A_set_after_the_sleeper_is_gone_is_harmless()
    {
        var wake = new ClockWake(TimeProvider.System);
        wake.Dispose();
        wake.Set(); // the serial thread may hand over a fix while the pipeline thread is stopping
    }

    [Fact]
    public async Task The_system_clock_ends_the_wait_at_the_deadline()
    {
        using var wake = new ClockWake(TimeProvider.System);
        wake.Arm(TimeSpan.FromMilliseconds(20));
        await WaitOnThread(wake).WaitAsync(Guard);

        wake.Arm(TimeSpan.Zero); // already due
        await WaitOnThread(wake).WaitAsync(Guard);
    }

    [Fact]
    public async Task Ten_thousand_hand_overs_between_two_threads_lose_no_wake_up()
    {
        using var toSleeper = new ClockWake(TimeProvider.System);
        using var toSetter = new ClockWake(TimeProvider.System);
        toSleeper.Arm(Timeout.InfiniteTimeSpan);
        toSetter.Arm(Timeout.InfiniteTimeSpan);
        const int Rounds = 10_000;
        var sleeper = Task.Factory.StartNew(
            () =>
            {
                for (var i = 0; i < Rounds; i++)
                {
                    toSleeper.Wait(); // a lost wake-up hangs here, and the guard fails the test
                    toSetter.Set();
                }
            },
            TaskCreationOptions.LongRunning);

        for (var i = 0; i < Rounds; i++)
        {
            toSleeper.Set();
            await Task.Run(toSetter.Wait).WaitAsync(Guard);
        }

        await sleeper.WaitAsync(Guard);
    }

    [Fact]
    public async Task A_timed_wait_never_ends_before_its_deadline()
    {
        using var wake = new ClockWake(TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            wake.Arm(TimeSpan.FromMilliseconds(15));
            await WaitOnThread(wake).WaitAsync(Guard);
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(15), "woke early");
        }
    }

    [Fact]
    public async Task A_fake_clock_ends_the_wait_when_it_reaches_the_deadline()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        using var wake = new ClockWake(clock);
        wake.Arm(TimeSpan.FromSeconds(1));
        var waiting = WaitOnThread(wake);

        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(await Ended(waiting), "woke before its deadline");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(Guard);
    }

    /// <summary>Whether the wait has ended, given the waiting thread 200 ms of real time to return (a negative check: it never synchronises a pass).</summary>
    private static async Task<bool> Ended(Task waiting)
    {
        // The fake clock's timer fires inside Advance, synchronously: had it fired, the event is set now and the waiting
        // thread returns at once. Give it that chance, bounded, on the real clock; a correct wait stays blocked.
        var first = await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(200)));
        return first == waiting;
    }

    private static Task WaitOnThread(ClockWake wake)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            wake.Wait();
            ended.TrySetResult();
        })
        { IsBackground = true };
        thread.Start();
        return ended.Task;
    }
}
