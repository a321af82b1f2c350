using GeoFence.Device.Hosting;
using GeoFence.Device.TimeSync;
using GeoFence.Gnss;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>A fix wakes the pipeline unless the pipeline wakes within <see cref="FixHandOver.MaxDeferral"/> anyway.</summary>
public sealed class FixHandOverDeferralTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly FixHandOver queue;
    private int wakeUps;

    public FixHandOverDeferralTests()
    {
        queue = new FixHandOver(8, waitWhenFull: false, new NullTimeSampleSink(), clock, observeEpoch: null) { Arrived = () => wakeUps++ };
    }

    private long In(TimeSpan span) => clock.GetTimestamp() + (long)(span.TotalSeconds * clock.TimestampFrequency);

    private void Hand() => queue.OnFix(new Fix { Time = clock.GetUtcNow().UtcDateTime });

    private void Drain()
    {
        while (queue.Reader.TryRead(out _))
        {
        }
    }

    [Fact]
    public void A_fix_rides_a_planned_wake_up_within_the_deferral()
    {
        Assert.True(queue.Sleeping(In(FixHandOver.MaxDeferral - TimeSpan.FromMilliseconds(1))));
        Hand();
        Assert.Equal(0, wakeUps);
        Assert.Equal(0, queue.WakeUps);
        Assert.True(queue.Reader.TryRead(out var handedOver));
        Assert.Equal(clock.GetTimestamp(), handedOver.Timestamp); // stamped at the hand-over, on the pipeline's clock
    }

    [Fact]
    public void A_fix_wakes_a_pipeline_that_sleeps_longer_than_the_deferral()
    {
        Assert.True(queue.Sleeping(In(FixHandOver.MaxDeferral + TimeSpan.FromMilliseconds(1))));
        Hand();
        Assert.Equal(1, wakeUps);
        Assert.Equal(1, queue.WakeUps);
    }

    [Fact]
    public void Without_a_planned_maturity_every_fix_wakes_the_pipeline()
    {
        Assert.True(queue.Sleeping(null));
        for (var i = 0; i < 3; i++)
        {
            Hand();
            Drain();
        }

        Assert.Equal(3, wakeUps);
    }

    [Fact]
    public void A_planned_wake_up_that_time_has_caught_up_with_no_longer_defers()
    {
        queue.Sleeping(In(TimeSpan.FromMilliseconds(30)));
        Hand();
        clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(0, wakeUps);
        queue.Sleeping(In(TimeSpan.FromSeconds(1))); // the pipeline took the fix and now sleeps a second
        Drain();
        Hand();
        Assert.Equal(1, wakeUps);
    }

    [Fact]
    public void An_awake_pipeline_is_not_woken_and_cannot_fall_asleep_on_a_waiting_fix()
    {
        queue.Woke();
        Hand();
        Assert.Equal(0, wakeUps); // it looks at the queue before it sleeps again
        Assert.False(queue.Sleeping(In(TimeSpan.FromSeconds(1)))); // and there it is: take it instead of sleeping
        Drain();
        Assert.True(queue.Sleeping(In(TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void A_full_queue_still_drops_and_counts_whatever_the_plan()
    {
        queue.Sleeping(In(TimeSpan.FromMilliseconds(10)));
        for (var i = 0; i < 10; i++)
        {
            Hand();
        }

        Assert.Equal(2, queue.Dropped);
        Assert.Equal(0, wakeUps);
    }

    [Fact]
    public void The_privacy_window_sees_each_epoch_as_it_is_handed_over_not_when_the_pipeline_takes_it_up()
    {
        var observedAt = new List<(DateTimeOffset Epoch, long At)>();
        var observed = new FixHandOver(1, waitWhenFull: false, new NullTimeSampleSink(), clock, epoch => observedAt.Add((epoch, clock.GetTimestamp())));
        observed.Sleeping(In(TimeSpan.FromMilliseconds(50)));
        var time = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
        var handedOver = clock.GetTimestamp();
        observed.OnFix(new Fix { Time = time }); // deferred to the planned wake-up: observed now all the same
        observed.OnFix(new Fix { Time = time.AddMilliseconds(50) }); // dropped (queue full): observed too
        clock.Advance(TimeSpan.FromMilliseconds(50)); // the pipeline takes the first one up later

        Assert.Equal([(new DateTimeOffset(time), handedOver), (new DateTimeOffset(time.AddMilliseconds(50)), handedOver)], observedAt);
        Assert.Equal(1, observed.Dropped);
    }
}
