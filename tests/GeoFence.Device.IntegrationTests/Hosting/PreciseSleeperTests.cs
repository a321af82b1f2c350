using System.Diagnostics;
using GeoFence.Device.Hosting;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>The pump's sleeper: never wakes early, can be cancelled, a newer sleep replaces the older one.</summary>
public sealed class PreciseSleeperTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_sleep_never_ends_before_its_time()
    {
        using var sleeper = new PreciseSleeper();
        for (var i = 0; i < 20; i++)
        {
            var wait = TimeSpan.FromMilliseconds(1 + (i % 7));
            var start = Stopwatch.GetTimestamp();
            await sleeper.SleepAsync(wait, CancellationToken.None).WaitAsync(Guard);
            Assert.True(Stopwatch.GetElapsedTime(start) >= wait, $"woke after {Stopwatch.GetElapsedTime(start).TotalMilliseconds} ms of {wait.TotalMilliseconds}");
        }
    }

    [Fact]
    public async Task Cancelling_ends_the_sleep_and_a_newer_sleep_replaces_the_older()
    {
        using var sleeper = new PreciseSleeper();
        using var cancel = new CancellationTokenSource();
        var cancelled = sleeper.SleepAsync(TimeSpan.FromHours(1), cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Guard));

        var replaced = sleeper.SleepAsync(TimeSpan.FromHours(1), CancellationToken.None);
        var newer = sleeper.SleepAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => replaced.WaitAsync(Guard));
        await newer.WaitAsync(Guard);
    }

    [Fact]
    public async Task Disposing_cancels_a_pending_sleep_and_refuses_new_ones()
    {
        var sleeper = new PreciseSleeper();
        var pending = sleeper.SleepAsync(TimeSpan.FromHours(1), CancellationToken.None);

        sleeper.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Guard));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sleeper.SleepAsync(TimeSpan.Zero, CancellationToken.None));
    }
}
