namespace GeoFence.Device.IntegrationTests.Pipeline;

/// <summary>Small spherical geodesy for test paths and distance checks (metres; accurate to well under 1 % at these scales).</summary>
public static class Earth
{
    private const double Radius = 6_371_008.8;

    public static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = double.DegreesToRadians(lat1);
        var p2 = double.DegreesToRadians(lat2);
        var dp = p2 - p1;
        var dl = double.DegreesToRadians(lon2 - lon1);
        var a = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * Radius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>The point <paramref name="northMetres"/> north and <paramref name="eastMetres"/> east of the given one.</summary>
    public static (double Latitude, double Longitude) Offset(double lat, double lon, double northMetres, double eastMetres) =>
        (lat + double.RadiansToDegrees(northMetres / Radius),
         lon + double.RadiansToDegrees(eastMetres / (Radius * Math.Cos(double.DegreesToRadians(lat)))));
}
