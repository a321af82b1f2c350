namespace GeoFence.Gnss.Tests.Support;

/// <summary>Reads the UTC time field of a GGA/RMC/GLL/GNS/GST sentence text (test-side, independent of the decoder).</summary>
public static class TimeField
{
    private static readonly HashSet<string> SupportedTalkers = ["GP", "GN", "GL", "GA", "GB", "BD", "QZ", "GQ", "GI", "PQ"];

    public static string? Of(string sentence)
    {
        var star = sentence.IndexOf('*', StringComparison.Ordinal);
        var fields = (star < 0 ? sentence : sentence[..star]).Split(',');
        if (fields[0].Length != 6 || !SupportedTalkers.Contains(fields[0][1..3]))
        {
            return null;
        }

        var index = fields[0][3..] switch
        {
            "GGA" or "RMC" or "GNS" or "GST" => 1,
            "GLL" => 5,
            _ => -1,
        };
        return index > 0 && fields.Length > index && fields[index].Length >= 6 ? fields[index] : null;
    }
}
