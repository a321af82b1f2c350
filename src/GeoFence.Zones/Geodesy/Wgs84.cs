namespace GeoFence.Zones.Geodesy;

/// <summary>WGS-84 ellipsoid constants and radii of curvature.</summary>
internal static class Wgs84
{
    /// <summary>Semi-major axis in metres.</summary>
    public const double SemiMajorAxis = 6378137.0;

    /// <summary>Flattening.</summary>
    public const double Flattening = 1 / 298.257223563;

    /// <summary>First eccentricity squared.</summary>
    public const double EccentricitySquared = Flattening * (2 - Flattening);

    /// <summary>Meridional radius of curvature M(φ) in metres.</summary>
    public static double MeridionalRadius(double latitudeRadians)
    {
        var s = Math.Sin(latitudeRadians);
        var w = 1 - (EccentricitySquared * s * s);
        return SemiMajorAxis * (1 - EccentricitySquared) / (w * Math.Sqrt(w));
    }

    /// <summary>Prime-vertical radius of curvature N(φ) in metres.</summary>
    public static double PrimeVerticalRadius(double latitudeRadians)
    {
        var s = Math.Sin(latitudeRadians);
        return SemiMajorAxis / Math.Sqrt(1 - (EccentricitySquared * s * s));
    }

    /// <summary>Metres per radian of longitude along the parallel at φ: N(φ)·cos φ.</summary>
    public static double ParallelRadius(double latitudeRadians) =>
        PrimeVerticalRadius(latitudeRadians) * Math.Cos(latitudeRadians);
}
