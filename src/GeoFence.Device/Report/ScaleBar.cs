using System.Globalization;

namespace GeoFence.Device.Report;

/// <summary>A round ground length (1, 2 or 5 × 10ⁿ metres) that fits a target number of pixels, and its label.</summary>
internal readonly record struct ScaleBar(double Metres, double Pixels, string Label)
{
    private static readonly double[] Steps = [5.0, 2.0, 1.0];

    /// <summary>The longest round length not longer than <paramref name="targetPixels"/> at this scale.</summary>
    public static ScaleBar Fit(double pixelsPerMetre, double targetPixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelsPerMetre);
        var target = targetPixels / pixelsPerMetre;
        var decade = Math.Pow(10, Math.Floor(Math.Log10(target)));
        var metres = Steps.Select(m => m * decade).First(m => m <= target * (1 + 1e-9));
        return new ScaleBar(metres, metres * pixelsPerMetre, LabelOf(metres));
    }

    private static string LabelOf(double metres) => metres >= 1000
        ? (metres / 1000).ToString("0.###", CultureInfo.InvariantCulture) + " km"
        : metres.ToString("0.###", CultureInfo.InvariantCulture) + " m";
}
