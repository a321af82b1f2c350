namespace GeoFence.Zones.Tests.Support;

/// <summary>Independent oracle: Vincenty's inverse formula on WGS-84 (written for the tests, not shared with the product).</summary>
public static class Geodesic
{
    private const double A = 6378137.0;
    private const double F = 1 / 298.257223563;
    private const double B = A * (1 - F);

    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        const double rad = Math.PI / 180;
        var l = (lon2 - lon1) * rad;
        var u1 = Math.Atan((1 - F) * Math.Tan(lat1 * rad));
        var u2 = Math.Atan((1 - F) * Math.Tan(lat2 * rad));
        double sinU1 = Math.Sin(u1), cosU1 = Math.Cos(u1), sinU2 = Math.Sin(u2), cosU2 = Math.Cos(u2);
        var lambda = l;
        double sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM;
        var iterations = 0;
        while (true)
        {
            double sinLambda = Math.Sin(lambda), cosLambda = Math.Cos(lambda);
            sinSigma = Math.Sqrt(Math.Pow(cosU2 * sinLambda, 2) + Math.Pow((cosU1 * sinU2) - (sinU1 * cosU2 * cosLambda), 2));
            if (sinSigma == 0)
            {
                return 0;
            }

            cosSigma = (sinU1 * sinU2) + (cosU1 * cosU2 * cosLambda);
            sigma = Math.Atan2(sinSigma, cosSigma);
            var sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
            cos2Alpha = 1 - (sinAlpha * sinAlpha);
            cos2SigmaM = cos2Alpha != 0 ? cosSigma - (2 * sinU1 * sinU2 / cos2Alpha) : 0;
            var c = F / 16 * cos2Alpha * (4 + (F * (4 - (3 * cos2Alpha))));
            var previous = lambda;
            lambda = l + ((1 - c) * F * sinAlpha * (sigma + (c * sinSigma * (cos2SigmaM + (c * cosSigma * (-1 + (2 * cos2SigmaM * cos2SigmaM)))))));
            if (Math.Abs(lambda - previous) < 1e-12 || ++iterations > 200)
            {
                break;
            }
        }

        var uSq = cos2Alpha * ((A * A) - (B * B)) / (B * B);
        var bigA = 1 + (uSq / 16384 * (4096 + (uSq * (-768 + (uSq * (320 - (175 * uSq)))))));
        var bigB = uSq / 1024 * (256 + (uSq * (-128 + (uSq * (74 - (47 * uSq))))));
        var deltaSigma = bigB * sinSigma * (cos2SigmaM + (bigB / 4 * ((cosSigma * (-1 + (2 * cos2SigmaM * cos2SigmaM)))
            - (bigB / 6 * cos2SigmaM * (-3 + (4 * sinSigma * sinSigma)) * (-3 + (4 * cos2SigmaM * cos2SigmaM))))));
        return B * bigA * (sigma - deltaSigma);
    }

    /// <summary>
    /// Distance from a point to a lon/lat-straight polyline, by dense sampling: returns (upper, lower) bounds where
    /// lower = upper − half the largest sample spacing.
    /// </summary>
    public static (double Upper, double Lower) DistanceToChain(double lat, double lon, IReadOnlyList<(double Lon, double Lat)> chain, int samplesPerEdge = 400)
    {
        var best = double.MaxValue;
        var spacing = 0.0;
        for (var i = 0; i + 1 < Math.Max(chain.Count, 2); i++)
        {
            var a = chain[i];
            var b = chain.Count == 1 ? chain[0] : chain[i + 1];
            var edgeLength = Distance(a.Lat, a.Lon, b.Lat, b.Lon);
            spacing = Math.Max(spacing, edgeLength / samplesPerEdge);
            for (var k = 0; k <= samplesPerEdge; k++)
            {
                var t = k / (double)samplesPerEdge;
                best = Math.Min(best, Distance(lat, lon, a.Lat + (t * (b.Lat - a.Lat)), a.Lon + (t * (b.Lon - a.Lon))));
            }
        }

        return (best, best - (spacing / 2));
    }
}
