using System.Globalization;

namespace GeoFence.Fuzzing.Campaign;

/// <summary>Finding/regression file names: <c>TARGET-VARIANT-ID.bin</c> (variant in hex), so a replay uses the same variant.</summary>
public static class RegressionName
{
    /// <summary>The file name for a finding.</summary>
    public static string Format(string target, int variant, string id) =>
        string.Create(CultureInfo.InvariantCulture, $"{target}-{variant:x8}-{id}.bin");

    /// <summary>Target and variant from a file name (variant 0 when the name has none).</summary>
    public static (string Target, int Variant) Parse(string path)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split('-');
        var variant = parts.Length >= 3 && int.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : 0;
        return (parts[0], variant);
    }
}
