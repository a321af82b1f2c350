namespace GeoFence.Device.Report;

/// <summary>
/// Local equirectangular projection around the track centre, in metres (WGS-84 radii of curvature at the centre
/// latitude: x = Δλ·N·cos φ0, y = Δφ·M), scaled uniformly (aspect preserved) to fit a pixel viewport, north up.
/// </summary>
internal sealed class MapProjection
{
    private const double SemiMajorAxis = 6_378_137.0;
    private const double EccentricitySquared = 0.00669437999014;
    private const double MinimumSpanMetres = 200;
    private readonly double centreLatitude;
    private readonly double centreLongitude;
    private readonly double metresPerDegreeLatitude;
    private readonly double metresPerDegreeLongitude;

    /// <summary>Fits the box [minLat, maxLat] × [minLon, maxLon] into width × height pixels with a margin on each side.</summary>
    public MapProjection(double minLatitude, double maxLatitude, double minLongitude, double maxLongitude, double width, double height, double margin)
    {
        centreLatitude = (minLatitude + maxLatitude) / 2;
        centreLongitude = (minLongitude + maxLongitude) / 2;
        var phi = double.DegreesToRadians(centreLatitude);
        var w = 1 - (EccentricitySquared * Math.Sin(phi) * Math.Sin(phi));
        metresPerDegreeLatitude = double.DegreesToRadians(SemiMajorAxis * (1 - EccentricitySquared) / (w * Math.Sqrt(w)));
        metresPerDegreeLongitude = double.DegreesToRadians(SemiMajorAxis / Math.Sqrt(w) * Math.Cos(phi));
        Width = width;
        Height = height;
        var spanX = Math.Max((maxLongitude - minLongitude) * metresPerDegreeLongitude, MinimumSpanMetres);
        var spanY = Math.Max((maxLatitude - minLatitude) * metresPerDegreeLatitude, MinimumSpanMetres);
        PixelsPerMetre = Math.Min((width - (2 * margin)) / spanX, (height - (2 * margin)) / spanY);
    }

    /// <summary>Viewport width in pixels.</summary>
    public double Width { get; }

    /// <summary>Viewport height in pixels.</summary>
    public double Height { get; }

    /// <summary>Uniform scale: pixels per metre on the ground (both axes).</summary>
    public double PixelsPerMetre { get; }

    /// <summary>Half the viewport width in metres.</summary>
    public double HalfWidthMetres => Width / 2 / PixelsPerMetre;

    /// <summary>Half the viewport height in metres.</summary>
    public double HalfHeightMetres => Height / 2 / PixelsPerMetre;

    /// <summary>Degrees to local metres east (x) and north (y) of the centre.</summary>
    public (double X, double Y) ToMetres(double latitude, double longitude) =>
        ((longitude - centreLongitude) * metresPerDegreeLongitude, (latitude - centreLatitude) * metresPerDegreeLatitude);

    /// <summary>Local metres to viewport pixels (y down).</summary>
    public (double X, double Y) MetresToPixels(double x, double y) =>
        ((Width / 2) + (x * PixelsPerMetre), (Height / 2) - (y * PixelsPerMetre));

    /// <summary>Degrees to viewport pixels.</summary>
    public (double X, double Y) ToPixels(double latitude, double longitude)
    {
        var (x, y) = ToMetres(latitude, longitude);
        return MetresToPixels(x, y);
    }
}
