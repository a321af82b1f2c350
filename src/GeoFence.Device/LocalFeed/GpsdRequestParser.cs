using System.Text;
using System.Text.Json;

namespace GeoFence.Device.LocalFeed;

/// <summary>
/// Parses one gpsd command (<c>?NAME</c> or <c>?NAME={json}</c>, terminator already removed). Error messages never
/// echo client bytes beyond a short command or attribute name made of letters and digits.
/// </summary>
internal static class GpsdRequestParser
{
    /// <summary>The ERROR message for the raw watch modes this feed never offers.</summary>
    public const string RawModesRefused =
        "WATCH nmea/raw/scaled not available: this feed carries sanitised fixes only (TPV objects)";

    private const int MaxEchoedName = 16;
    private static readonly GpsdRequest VersionRequest = new(GpsdRequestKind.Version);
    private static readonly GpsdRequest DevicesRequest = new(GpsdRequestKind.Devices);
    private static readonly GpsdRequest PollRequest = new(GpsdRequestKind.Poll);
    private static readonly GpsdRequest WatchQuery = new(GpsdRequestKind.Watch);

    /// <summary>Parses a command.</summary>
    public static GpsdRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length < 2 || text[0] != '?')
        {
            return GpsdRequest.Invalid("Unrecognized request: commands look like ?WATCH={\"enable\":true,\"json\":true};");
        }

        var nameLength = 1;
        while (nameLength < text.Length && char.IsAsciiLetter(text[nameLength]))
        {
            nameLength++;
        }

        var name = text[1..nameLength];
        var rest = text[nameLength..];
        return name switch
        {
            "VERSION" => NoArguments(rest, name, VersionRequest),
            "DEVICES" => NoArguments(rest, name, DevicesRequest),
            "POLL" => NoArguments(rest, name, PollRequest),
            "WATCH" when rest.Length == 0 => WatchQuery,
            "WATCH" when rest[0] == '=' => ParseWatch(rest[1..]),
            "WATCH" => GpsdRequest.Invalid("Invalid WATCH: expected ?WATCH={...};"),
            "DEVICE" => GpsdRequest.Invalid("?DEVICE is not supported: this feed is read-only"),
            _ => GpsdRequest.Invalid(Echo("Unrecognized request", name.Length > 0 ? "?" + name : string.Empty)),
        };
    }

    private static GpsdRequest NoArguments(string rest, string name, GpsdRequest request) =>
        rest.Length == 0 ? request : GpsdRequest.Invalid($"?{name} takes no arguments");

    private static GpsdRequest ParseWatch(string json)
    {
        try
        {
            return ReadWatch(Encoding.UTF8.GetBytes(json));
        }
        catch (JsonException)
        {
            return GpsdRequest.Invalid("Invalid WATCH: not a JSON object");
        }
    }

    private static GpsdRequest ReadWatch(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return GpsdRequest.Invalid("Invalid WATCH: not a JSON object");
        }

        bool? enable = null;
        bool? wantsJson = null;
        var rawModes = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.GetString() ?? string.Empty;
            reader.Read();
            switch (member)
            {
                case "enable":
                    enable = Boolean(ref reader, member, out var enableError);
                    if (enableError is not null)
                    {
                        return GpsdRequest.Invalid(enableError);
                    }

                    break;
                case "json":
                    wantsJson = Boolean(ref reader, member, out var jsonError);
                    if (jsonError is not null)
                    {
                        return GpsdRequest.Invalid(jsonError);
                    }

                    break;
                case "nmea" or "scaled" or "timing" or "split24" or "pps":
                    var on = Boolean(ref reader, member, out var flagError);
                    if (flagError is not null)
                    {
                        return GpsdRequest.Invalid(flagError);
                    }

                    rawModes |= on && member is "nmea" or "scaled";
                    break;
                case "raw":
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var raw))
                    {
                        return GpsdRequest.Invalid("Invalid WATCH: 'raw' must be an integer");
                    }

                    rawModes |= raw != 0;
                    break;
                case "device" or "remote":
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return GpsdRequest.Invalid($"Invalid WATCH: '{member}' must be a string");
                    }

                    break; // one device only: every watch gets the compliant feed
                default:
                    return GpsdRequest.Invalid(Echo("Invalid WATCH: unknown attribute", member));
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return GpsdRequest.Invalid("Invalid WATCH: not a JSON object");
        }

        return rawModes
            ? GpsdRequest.Invalid(RawModesRefused)
            : new GpsdRequest(GpsdRequestKind.Watch, new WatchChange(enable ?? true, wantsJson));
    }

    private static bool Boolean(ref Utf8JsonReader reader, string member, out string? error)
    {
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
        {
            error = null;
            return reader.GetBoolean();
        }

        error = $"Invalid WATCH: '{member}' must be true or false";
        return false;
    }

    private static string Echo(string message, string name) =>
        name.Length is > 0 and <= MaxEchoedName && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '?')
            ? $"{message} '{name}'"
            : message;
}
