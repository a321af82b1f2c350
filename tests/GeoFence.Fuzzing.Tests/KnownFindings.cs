using GeoFence.Fuzzing.Campaign;

namespace GeoFence.Fuzzing.Tests;

/// <summary>The regression inputs under regressions/: open findings (not fixed yet, owner elsewhere) and fixed ones.</summary>
public static class KnownFindings
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "regressions");

    /// <summary>Open findings: TARGET/open/*.bin with the expected signature on the first line of the .txt beside it.</summary>
    public static IReadOnlyList<string> OpenFiles() =>
        Directory.Exists(Root)
            ? [.. Directory.EnumerateFiles(Root, "*.bin", SearchOption.AllDirectories).Where(IsOpen).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Fixed findings: TARGET/fixed/*.bin, which must replay clean.</summary>
    public static IReadOnlyList<string> FixedFiles() =>
        Directory.Exists(Root)
            ? [.. Directory.EnumerateFiles(Root, "*.bin", SearchOption.AllDirectories).Where(p => Path.GetFileName(Path.GetDirectoryName(p)) == "fixed")]
            : [];

    /// <summary>Signatures of the open findings (a smoke run may meet them; anything else fails it).</summary>
    public static IReadOnlySet<string> OpenSignatures() =>
        OpenFiles().Select(ExpectedSignature).ToHashSet(StringComparer.Ordinal);

    public static string ExpectedSignature(string binPath) =>
        File.ReadLines(Path.ChangeExtension(binPath, ".txt")).First();

    /// <summary>Policy documents that crashed the parser: signed, they must be refused as InvalidPolicy.</summary>
    public static IReadOnlyList<string> SignedPayloadFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(Root, "bundle"), "*.json").Order(StringComparer.Ordinal)];

    public static TheoryData<string> SignedPayloads()
    {
        var data = new TheoryData<string>();
        foreach (var file in SignedPayloadFiles())
        {
            data.Add(Path.GetRelativePath(Root, file));
        }

        return data;
    }

    public static (string Target, int Variant) NameOf(string relative) => RegressionName.Parse(relative);

    private static bool IsOpen(string path) =>
        Path.GetFileName(Path.GetDirectoryName(path)) == "open";
}
