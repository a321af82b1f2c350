namespace GeoFence.Zones.Model;

/// <summary>How a fix's error circle radius is derived.</summary>
/// <param name="ConfidenceFactor">Multiplier on the 1σ horizontal accuracy (2.45 ≈ 95 % for a 2-D normal error).</param>
/// <param name="UereMetres">User equivalent range error used with HDOP when no accuracy is given: r = HDOP·UERE·factor.</param>
/// <param name="MinimumRadiusMetres">Floor of the error radius.</param>
/// <param name="MaximumRadiusMetres">Fixes with a larger error radius are blocked (bounds the index margin).</param>
public sealed record ErrorModel(double ConfidenceFactor, double UereMetres, double MinimumRadiusMetres, double MaximumRadiusMetres)
{
    /// <summary>Defaults: factor 2.45, UERE 6 m, floor 3 m, cap 100 m.</summary>
    public static ErrorModel Default { get; } = new(2.45, 6, 3, 100);

    /// <summary>The error radius in metres, or null when accuracy is unknown.</summary>
    public double? RadiusFor(double? accuracy1Sigma, double? hdop)
    {
        double r;
        if (accuracy1Sigma is { } a && double.IsFinite(a) && a >= 0)
        {
            r = a * ConfidenceFactor;
        }
        else if (hdop is { } h && double.IsFinite(h) && h > 0)
        {
            r = h * UereMetres * ConfidenceFactor;
        }
        else
        {
            return null;
        }

        return Math.Max(r, MinimumRadiusMetres);
    }
}
