using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.TimeSync;

/// <summary>
/// Our samples into a real chronyd (<c>-x</c>: it never sets the clock). chronyd runs on real time, so the samples are
/// paced in real time (one per 200 ms) until chronyc reports them; the test polls chronyc, it does not sleep and hope.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChronydRefclockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Chronyd_accepts_our_samples_and_measures_our_offset()
    {
        using var chronyd = await ChronyDaemon.StartAsync("poll 0 precision 1e-3", Patience);
        using var sink = ChronySockSinkTests.Sink(chronyd.RefclockSocket, TimeProvider.System);
        const double ReceiverAhead = 0.0375; // the receiver's UTC is 37.5 ms ahead of this system clock

        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        using var deadline = new CancellationTokenSource(Patience);
        string[]? stats = null;
        while (await pace.WaitForNextTickAsync(deadline.Token))
        {
            var firstByte = TimeProvider.System.GetTimestamp();
            sink.Submit(TimeProvider.System.GetUtcNow().AddSeconds(ReceiverAhead), firstByte);
            stats = await chronyd.GnssLineAsync("sourcestats");
            if (stats is not null && int.Parse(stats[1]) >= 3)
            {
                break;
            }
        }

        // sourcestats CSV: name, samples, runs, span, frequency, skew, offset, std dev.
        Assert.NotNull(stats);
        Assert.True(int.Parse(stats[1]) >= 3, string.Join(',', stats));
        var source = await chronyd.GnssLineAsync("sources");
        // sources CSV: mode (#: refclock), state, name, stratum, poll, reach, last rx, offset, measured offset, error.
        Assert.NotNull(source);
        Assert.Equal("#", source[0]);
        Assert.NotEqual("0", source[5]);
        // chrony reports the local clock relative to the source: 37.5 ms slow.
        Assert.Equal(-ReceiverAhead, ChronyDaemon.Number(source[8]), 3);
        Assert.Equal(0, sink.Dropped);
    }

    // The 32-byte (32-bit time_t) layout cannot be checked against this amd64 chronyd: chrony converts between the
    // two timeval sizes only when built for a 32-bit time_t (refclock_sock.c CONVERT_TIMEVAL); here it drops 32-byte
    // samples as "unexpected length". ChronySockSampleTests pins that layout byte by byte.
}
