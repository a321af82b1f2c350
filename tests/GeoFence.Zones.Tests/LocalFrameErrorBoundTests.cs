using GeoFence.Zones.Geodesy;
using GeoFence.Zones.Tests.Support;

namespace GeoFence.Zones.Tests;

/// <summary>The stated error bound of the per-zone frame: frame length / true length ∈ [MinScale, MaxScale].</summary>
public sealed class LocalFrameErrorBoundTests
{
    [Theory]
    [InlineData(0.0, 0.05)]
    [InlineData(39.9, 0.2)]
    [InlineData(60.0, 0.5)]
    [InlineData(-70.0, 1.0)]
    public void Frame_distances_stay_within_the_scale_bounds(double lat0, double halfSpanDeg)
    {
        var frame = new LocalFrame(lat0, 30, lat0 - halfSpanDeg, lat0 + halfSpanDeg);
        var random = new Random(3);
        for (var i = 0; i < 2000; i++)
        {
            var lat1 = lat0 + ((random.NextDouble() - 0.5) * 2 * halfSpanDeg);
            var lon1 = 30 + ((random.NextDouble() - 0.5) * 2 * halfSpanDeg);
            var lat2 = Math.Clamp(lat1 + ((random.NextDouble() - 0.5) * 0.01), lat0 - halfSpanDeg, lat0 + halfSpanDeg);
            var lon2 = lon1 + ((random.NextDouble() - 0.5) * 0.01);
            var (x1, y1) = frame.Project(lat1, lon1);
            var (x2, y2) = frame.Project(lat2, lon2);
            var planar = Math.Sqrt(((x2 - x1) * (x2 - x1)) + ((y2 - y1) * (y2 - y1)));
            var geodesic = Geodesic.Distance(lat1, lon1, lat2, lon2);
            if (geodesic < 1)
            {
                continue;
            }

            var ratio = planar / geodesic;
            Assert.InRange(ratio, frame.MinScale - 1e-6, frame.MaxScale + 1e-6);
        }

        // The bound itself: spread ≈ 2·tan(φ0)·Δφ (E-W lengths at the band's edges), to first order.
        Assert.True(frame.MaxScale - frame.MinScale < (Math.Abs(Math.Tan(lat0 * Math.PI / 180)) + 0.01) * 2.2 * halfSpanDeg * Math.PI / 180 + 1e-4);
    }
}
