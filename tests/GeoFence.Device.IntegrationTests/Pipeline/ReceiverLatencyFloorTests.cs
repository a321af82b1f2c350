using GeoFence.Device.Pipeline;

namespace GeoFence.Device.IntegrationTests.Pipeline;

/// <summary>The latency floor follows the smallest recent receiver-to-decision delay, and forgets old ones within 20 s.</summary>
public sealed class ReceiverLatencyFloorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_floor_is_the_smallest_recent_delay_and_an_old_one_expires()
    {
        var floor = new ReceiverLatencyFloor();
        Assert.Equal(Ms(12), Observe(floor, 0, 12));
        Assert.Equal(Ms(3), Observe(floor, 1, 3));
        Assert.Equal(Ms(3), Observe(floor, 2, 40)); // a late one does not raise it
        Assert.Equal(Ms(3), Observe(floor, 12, 9)); // the next bucket still remembers the last one's minimum
        Assert.Equal(Ms(9), Observe(floor, 22, 20)); // 3 ms was two buckets ago: forgotten; 9 ms is the previous bucket's
        Assert.Equal(Ms(25), Observe(floor, 60, 25)); // a long gap forgets both buckets
    }

    private static TimeSpan Observe(ReceiverLatencyFloor floor, double second, double delayMs)
    {
        var receiverTime = Start.AddSeconds(second);
        return floor.Observe(receiverTime, receiverTime + Ms(delayMs));
    }

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
