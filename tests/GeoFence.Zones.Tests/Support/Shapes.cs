namespace GeoFence.Zones.Tests.Support;

/// <summary>Test shapes in lon/lat.</summary>
public static class Shapes
{
    /// <summary>A closed ring approximating an ellipse-ish star polygon around a centre (radius in degrees of latitude).</summary>
    public static (double Lon, double Lat)[] Star(double lat, double lon, double radiusDeg, int vertices, double spikiness = 0.3, bool clockwise = false, int seed = 1)
    {
        var random = new Random(seed);
        var ring = new (double, double)[vertices + 1];
        var cos = Math.Cos(lat * Math.PI / 180);
        for (var i = 0; i < vertices; i++)
        {
            var angle = 2 * Math.PI * i / vertices * (clockwise ? -1 : 1);
            var r = radiusDeg * (1 - (spikiness * random.NextDouble()));
            ring[i] = (lon + (r * Math.Cos(angle) / cos), lat + (r * Math.Sin(angle)));
        }

        ring[vertices] = ring[0];
        return ring;
    }

    public static (double Lon, double Lat)[] Box(double minLon, double minLat, double maxLon, double maxLat) =>
        [(minLon, minLat), (maxLon, minLat), (maxLon, maxLat), (minLon, maxLat), (minLon, minLat)];
}
