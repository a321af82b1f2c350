namespace GeoFence.Sanitizing.Redaction;

/// <summary>Snaps a position to the centre of a metric grid cell; the grid is shifted by an offset given in cell fractions.</summary>
internal static class GridSnapper
{
    /// <summary>Smallest cosine used for longitude cell width, so cells near the poles stay finite.</summary>
    private const double MinCosine = 0.01;

    /// <summary>
    /// Centre of the cell of a fixed public grid of <paramref name="cellMetres"/> that contains the point moved by the secret
    /// offset (north, east, in cell fractions). The output never contains the offset itself, only the cell it selects.
    /// </summary>
    public static (double Latitude, double Longitude) Snap(double lat, double lon, double cellMetres, double northFraction, double eastFraction)
    {
        var latStep = cellMetres / Geodesy.MetresPerDegree;
        var row = Math.Floor((lat + 90.0 + (northFraction * latStep)) / latStep);
        var snappedLat = Math.Clamp(((row + 0.5) * latStep) - 90.0, -90.0, 90.0);

        var cosine = Math.Max(MinCosine, Math.Cos(snappedLat * Math.PI / 180.0));
        var lonStep = Math.Min(360.0, cellMetres / (Geodesy.MetresPerDegree * cosine));
        var column = Math.Floor((lon + 180.0 + (eastFraction * lonStep)) / lonStep);
        var snappedLon = ((column + 0.5) * lonStep) - 180.0;
        return (snappedLat, NormaliseLongitude(snappedLon));
    }

    /// <summary>Longitude wrapped into [-180, 180).</summary>
    public static double NormaliseLongitude(double lon)
    {
        var wrapped = ((lon + 180.0) % 360.0 + 360.0) % 360.0 - 180.0;
        return wrapped;
    }
}
