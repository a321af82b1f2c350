namespace GeoFence.Sanitizing.Redaction;

/// <summary>Spherical-earth helpers; metre accuracy is all the guard and the grid need.</summary>
public static class Geodesy
{
    /// <summary>Mean earth radius in metres (IUGG).</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    /// <summary>Metres per degree of latitude on the sphere.</summary>
    public const double MetresPerDegree = Math.PI * EarthRadiusMetres / 180.0;

    /// <summary>Great-circle distance in metres (haversine).</summary>
    public static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = lat1 * Math.PI / 180.0;
        var p2 = lat2 * Math.PI / 180.0;
        var dp = p2 - p1;
        var dl = (lon2 - lon1) * Math.PI / 180.0;
        var h = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1.0, Math.Sqrt(h)));
    }

    /// <summary>The point reached from (lat, lon) going north and east by the given metres (local flat approximation).</summary>
    public static (double Latitude, double Longitude) Offset(double lat, double lon, double northMetres, double eastMetres)
    {
        var newLat = lat + (northMetres / MetresPerDegree);
        var newLon = lon + (eastMetres / (MetresPerDegree * Math.Cos(lat * Math.PI / 180.0)));
        return (newLat, newLon);
    }
}
