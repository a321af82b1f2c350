namespace GeoFence.Sanitizing.Redaction;

/// <summary>
/// GCJ-02 display transform, written from the publicly documented formula (Krasovsky-ellipsoid constants and a polynomial
/// plus sine series). For maps that expect it; it is an obfuscation, not a protection, and does not make a coordinate
/// less sensitive. Outside China's rough bounding box the input is returned unchanged, as the public formula does.
/// </summary>
public static class Gcj02
{
    private const double SemiMajorAxis = 6_378_245.0;
    private const double EccentricitySquared = 0.00669342162296594323;

    /// <summary>Converts a WGS-84 position to GCJ-02.</summary>
    public static (double Latitude, double Longitude) FromWgs84(double latitude, double longitude)
    {
        if (!InsideChinaBox(latitude, longitude))
        {
            return (latitude, longitude);
        }

        var x = longitude - 105.0;
        var y = latitude - 35.0;
        var northShift = NorthSeries(x, y);
        var eastShift = EastSeries(x, y);

        var phi = latitude / 180.0 * Math.PI;
        var sinPhi = Math.Sin(phi);
        var w = 1 - (EccentricitySquared * sinPhi * sinPhi);
        var sqrtW = Math.Sqrt(w);
        var meridianRadius = SemiMajorAxis * (1 - EccentricitySquared) / (w * sqrtW);
        var parallelRadius = SemiMajorAxis / sqrtW * Math.Cos(phi);
        return (latitude + (northShift * 180.0 / (meridianRadius * Math.PI)),
                longitude + (eastShift * 180.0 / (parallelRadius * Math.PI)));
    }

    /// <summary>True inside the rectangle where the transform applies (lon 72.004..137.8347, lat 0.8293..55.8271).</summary>
    public static bool InsideChinaBox(double latitude, double longitude) =>
        longitude is >= 72.004 and <= 137.8347 && latitude is >= 0.8293 and <= 55.8271;

    private static double NorthSeries(double x, double y)
    {
        var polynomial = -100.0 + (2.0 * x) + (3.0 * y) + (0.2 * y * y) + (0.1 * x * y) + (0.2 * Math.Sqrt(Math.Abs(x)));
        return polynomial + CommonWave(x) + (Wave(y, 20.0, 40.0, 3.0) * 2.0 / 3.0) + (Wave(y, 160.0, 320.0, 12.0, 30.0) * 2.0 / 3.0);
    }

    private static double EastSeries(double x, double y)
    {
        var polynomial = 300.0 + x + (2.0 * y) + (0.1 * x * x) + (0.1 * x * y) + (0.1 * Math.Sqrt(Math.Abs(x)));
        return polynomial + CommonWave(x) + (Wave(x, 20.0, 40.0, 3.0) * 2.0 / 3.0) + (Wave(x, 150.0, 300.0, 12.0, 30.0) * 2.0 / 3.0);
    }

    private static double CommonWave(double x) =>
        ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;

    /// <summary>a·sin(v·π) + b·sin(v/d·π).</summary>
    private static double Wave(double v, double a, double b, double d) => (a * Math.Sin(v * Math.PI)) + (b * Math.Sin(v / d * Math.PI));

    /// <summary>a·sin(v/c·π) + b·sin(v/d·π).</summary>
    private static double Wave(double v, double a, double b, double c, double d) => (a * Math.Sin(v / c * Math.PI)) + (b * Math.Sin(v / d * Math.PI));
}
