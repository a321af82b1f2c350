using System.Text.Json;

namespace GeoFence.Sanitizing.Audit;

/// <summary>Reads audit lines as exact bytes (the chain hashes bytes, not re-encoded text).</summary>
internal static class AuditLines
{
    /// <summary>Every newline-terminated line of a file, without the newline; an over-long line is returned cut at the bound.</summary>
    public static IEnumerable<byte[]> Read(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
        using var line = new MemoryStream();
        int b;
        while ((b = file.ReadByte()) >= 0)
        {
            if (b == '\n')
            {
                yield return line.ToArray();
                line.SetLength(0);
            }
            else if (line.Length <= AuditChain.MaxLineBytes)
            {
                line.WriteByte((byte)b);
            }
        }

        if (line.Length > 0)
        {
            yield return line.ToArray();
        }
    }

    /// <summary>The `n` member, or null when the line is not a readable entry.</summary>
    public static long? IndexOf(byte[] line) => Member<long?>(line, "n", e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var n) ? n : null);

    /// <summary>The `time` member, or null.</summary>
    public static DateTimeOffset? TimeOf(byte[] line) => Member<DateTimeOffset?>(line, "time", e => e.ValueKind == JsonValueKind.String && e.TryGetDateTimeOffset(out var t) ? t : null);

    /// <summary>The `prev` member, or null.</summary>
    public static string? PrevOf(byte[] line) => Member<string?>(line, "prev", e => e.ValueKind == JsonValueKind.String ? e.GetString() : null);

    private static T? Member<T>(byte[] line, string name, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var element)
                ? read(element) : default;
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
