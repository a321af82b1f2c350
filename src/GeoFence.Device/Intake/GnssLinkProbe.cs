using GeoFence.Device.Sources;
using GeoFence.Gnss;

namespace GeoFence.Device.Intake;

/// <summary>Auto-baud probe: a setting is right when a fresh decoder sees enough checksum-valid frames in a window.</summary>
public sealed class GnssLinkProbe(TimeProvider time, TimeSpan window, int framesNeeded = 2) : ILinkProbe
{
    /// <inheritdoc/>
    public async ValueTask<bool> LooksRightAsync(IByteChannel channel, CancellationToken cancellationToken)
    {
        var decoder = new GnssDecoder(new GnssOptions { TimestampFrequency = time.TimestampFrequency }, NullGnssSink.Instance);
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(window, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            while (ValidFrames(decoder.Counters.Snapshot()) < framesNeeded)
            {
                var read = await channel.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                decoder.Feed(buffer.AsSpan(0, read), time.GetTimestamp());
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Frames whose checksum was right: decoded or proprietary NMEA, UBX and RTCM3.</summary>
    public static long ValidFrames(GnssCountersSnapshot counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        return counters[GnssCounter.UbxFrames] + counters[GnssCounter.Rtcm3Frames] + counters[GnssCounter.ProprietarySentences]
            + counters[GnssCounter.AcceptedGga] + counters[GnssCounter.AcceptedRmc] + counters[GnssCounter.AcceptedGll]
            + counters[GnssCounter.AcceptedGns] + counters[GnssCounter.AcceptedGsa] + counters[GnssCounter.AcceptedGsv]
            + counters[GnssCounter.AcceptedGst] + counters[GnssCounter.AcceptedVtg] + counters[GnssCounter.AcceptedZda];
    }

    private sealed class NullGnssSink : IGnssSink
    {
        public static readonly NullGnssSink Instance = new();

        public void OnFix(in Fix fix)
        {
        }
    }
}
