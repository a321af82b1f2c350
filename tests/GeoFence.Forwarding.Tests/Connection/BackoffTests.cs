using GeoFence.Forwarding.Connection;

namespace GeoFence.Forwarding.Tests.Connection;

public sealed class BackoffTests
{
    [Fact]
    public void The_nth_delay_lies_between_half_and_all_of_the_doubled_ceiling_capped_at_the_maximum()
    {
        var initial = TimeSpan.FromMilliseconds(100);
        var maximum = TimeSpan.FromSeconds(3);
        var backoff = new Backoff(initial, maximum, new Random(7));
        for (var n = 0; n < 40; n++)
        {
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(maximum.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, n)));
            var delay = backoff.Next();
            Assert.InRange(delay, ceiling / 2, ceiling);
        }

        Assert.Equal(40, backoff.Attempt);
    }

    [Fact]
    public void The_jitter_spreads_the_delays_of_many_units_over_the_upper_half()
    {
        var delays = Enumerable.Range(0, 200).Select(seed => new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), new Random(seed)).Next().TotalMilliseconds).ToArray();
        Assert.True(delays.Min() < 600 && delays.Max() > 900, $"{delays.Min()}–{delays.Max()} ms");
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_delay()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1), new Random(1));
        for (var n = 0; n < 10; n++)
        {
            backoff.Next();
        }

        backoff.Reset();
        Assert.Equal(0, backoff.Attempt);
        Assert.InRange(backoff.Next(), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
    }
}
