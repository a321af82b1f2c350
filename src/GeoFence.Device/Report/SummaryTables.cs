using System.Globalization;
using System.Net;
using System.Text.Json;

namespace GeoFence.Device.Report;

/// <summary>summary.json (counts only) as HTML tables: actions and reasons first, then every other count.</summary>
internal static class SummaryTables
{
    /// <summary>Largest summary.json read (it is a few hundred bytes).</summary>
    public const int MaxBytes = 1 << 20;

    private static readonly string[] Leading = ["actions", "reasons"];

    /// <summary>Reads the summary; throws <see cref="FormatException"/> when it is not a JSON object or too large.</summary>
    public static JsonDocument Read(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            throw new FormatException($"{path} is larger than {MaxBytes} bytes");
        }

        try
        {
            var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw new FormatException($"{path} is not a JSON object");
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path} is not JSON ({ex.Message})", ex);
        }
    }

    /// <summary>The policy id and version named in the summary, or empty.</summary>
    public static string PolicyOf(JsonElement summary) =>
        summary.TryGetProperty("policy", out var id) && id.ValueKind == JsonValueKind.String
            ? $"{id.GetString()} v{(summary.TryGetProperty("policyVersion", out var v) ? v.GetRawText() : "?")}"
            : string.Empty;

    /// <summary>Writes the tables.</summary>
    public static void Write(TextWriter html, JsonElement summary)
    {
        ArgumentNullException.ThrowIfNull(html);
        foreach (var name in Leading)
        {
            if (summary.TryGetProperty(name, out var section) && section.ValueKind == JsonValueKind.Object)
            {
                Table(html, $"{name} (summary.json)", section.EnumerateObject());
            }
        }

        var counts = summary.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Name != "policyVersion");
        Table(html, "run (summary.json)", counts);
        foreach (var section in summary.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object && !Leading.Contains(p.Name)))
        {
            Table(html, $"{section.Name} (summary.json)", section.Value.EnumerateObject());
        }
    }

    private static void Table(TextWriter html, string caption, IEnumerable<JsonProperty> rows)
    {
        html.Write(string.Create(CultureInfo.InvariantCulture, $"<table class=\"counts\" data-section=\"{WebUtility.HtmlEncode(caption.Split(' ')[0])}\"><caption>{WebUtility.HtmlEncode(caption)}</caption>\n"));
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            html.Write(string.Create(CultureInfo.InvariantCulture, $"<tr><th>{WebUtility.HtmlEncode(row.Name)}</th><td>{WebUtility.HtmlEncode(row.Value.GetRawText())}</td></tr>\n"));
        }

        if (!any)
        {
            html.Write("<tr><td colspan=\"2\">none</td></tr>\n");
        }

        html.Write("</table>\n");
    }
}
