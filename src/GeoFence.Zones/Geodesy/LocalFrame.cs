namespace GeoFence.Zones.Geodesy;

/// <summary>
/// An equirectangular frame in metres centred on one zone: x = Δλ·N(φ0)·cos φ0, y = Δφ·M(φ0).
/// The map is affine in lon/lat, so GeoJSON edges (straight in lon/lat) stay straight and inside/outside is exact.
/// Lengths are distorted by a factor within [<see cref="MinScale"/>, <see cref="MaxScale"/>] over the latitude band
/// the frame was built for; decisions multiply metric thresholds by these factors so they never under-match.
/// </summary>
internal sealed class LocalFrame
{
    private const double DegreesToRadians = Math.PI / 180;

    /// <summary>Creates a frame centred at (lat0, lon0), valid for latitudes in [minLat, maxLat].</summary>
    public LocalFrame(double originLatitude, double originLongitude, double minLatitude, double maxLatitude)
    {
        OriginLatitude = originLatitude;
        OriginLongitude = originLongitude;
        var phi0 = originLatitude * DegreesToRadians;
        MetresPerDegreeLongitude = Wgs84.ParallelRadius(phi0) * DegreesToRadians;
        MetresPerDegreeLatitude = Wgs84.MeridionalRadius(phi0) * DegreesToRadians;
        double min = double.MaxValue, max = double.MinValue;
        // The scale factors are monotone in φ on each side of 0, so the band's ends (and 0 if inside) bound them.
        foreach (var lat in new[] { minLatitude, maxLatitude, Math.Clamp(0, minLatitude, maxLatitude) })
        {
            var phi = Math.Clamp(lat, -89.9, 89.9) * DegreesToRadians;
            var kx = MetresPerDegreeLongitude / (Wgs84.ParallelRadius(phi) * DegreesToRadians);
            var ky = MetresPerDegreeLatitude / (Wgs84.MeridionalRadius(phi) * DegreesToRadians);
            min = Math.Min(min, Math.Min(kx, ky));
            max = Math.Max(max, Math.Max(kx, ky));
        }

        MinScale = min;
        MaxScale = max;
    }

    /// <summary>Latitude of the origin in degrees.</summary>
    public double OriginLatitude { get; }

    /// <summary>Longitude of the origin in degrees.</summary>
    public double OriginLongitude { get; }

    /// <summary>Frame metres per degree of longitude.</summary>
    public double MetresPerDegreeLongitude { get; }

    /// <summary>Frame metres per degree of latitude.</summary>
    public double MetresPerDegreeLatitude { get; }

    /// <summary>Lower bound of frame length ÷ true length within the band.</summary>
    public double MinScale { get; }

    /// <summary>Upper bound of frame length ÷ true length within the band.</summary>
    public double MaxScale { get; }

    /// <summary>Projects lon/lat degrees to frame metres.</summary>
    public (double X, double Y) Project(double latitude, double longitude) =>
        ((longitude - OriginLongitude) * MetresPerDegreeLongitude, (latitude - OriginLatitude) * MetresPerDegreeLatitude);
}
