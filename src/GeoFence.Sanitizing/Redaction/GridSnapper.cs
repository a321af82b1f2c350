namespace GeoFence.Sanitizing.Redaction;

/// <summary>Snaps a position to the centre of a metric grid cell; the grid is shifted by an offset given in cell fractions.</summary>
internal static class GridSnapper
{
    /// <summary>Smallest cosine used for longitude cell width, so cells near the poles stay finite.</summary>
    private const double MinCosine = 0.01;

    /// <summary>Centre of the cell containing the point, on a grid of <paramref name="cellMetres"/> shifted by (north, east) fractions in [0,1).</summary>
    public static (double Latitude, double Longitude) Snap(double lat, double lon, double cellMetres, double northFraction, double eastFraction)
    {
        var latStep = cellMetres / Geodesy.MetresPerDegree;
        var latShift = northFraction * latStep;
        var row = Math.Floor((lat + 90.0 - latShift) / latStep);
        var snappedLat = Math.Clamp(((row + 0.5) * latStep) + latShift - 90.0, -90.0, 90.0);

        var cosine = Math.Max(MinCosine, Math.Cos(snappedLat * Math.PI / 180.0));
        var lonStep = Math.Min(360.0, cellMetres / (Geodesy.MetresPerDegree * cosine));
        var lonShift = eastFraction * lonStep;
        var column = Math.Floor((lon + 180.0 - lonShift) / lonStep);
        var snappedLon = ((column + 0.5) * lonStep) + lonShift - 180.0;
        return (snappedLat, NormaliseLongitude(snappedLon));
    }

    /// <summary>Longitude wrapped into [-180, 180).</summary>
    public static double NormaliseLongitude(double lon)
    {
        var wrapped = ((lon + 180.0) % 360.0 + 360.0) % 360.0 - 180.0;
        return wrapped;
    }
}
