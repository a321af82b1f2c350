using System.Globalization;

namespace GeoFence.Device.Hosting;

/// <summary>The kinds of receiver source.</summary>
public enum ReceiverSourceKind
{
    /// <summary>A serial device (UART, USB CDC, pty).</summary>
    Serial,

    /// <summary>A TCP port (a receiver's own, or ser2net).</summary>
    Tcp,

    /// <summary>A recorded capture replayed from a file.</summary>
    File,
}

/// <summary>A parsed <c>Receiver:Source</c> value: <c>serial:PATH</c>, <c>tcp:HOST:PORT</c> or <c>file:PATH</c>.</summary>
/// <param name="Kind">The source kind.</param>
/// <param name="Path">Device or file path (serial, file).</param>
/// <param name="Host">Host name or address (tcp).</param>
/// <param name="Port">Port (tcp).</param>
public sealed record ReceiverSourceSpec(ReceiverSourceKind Kind, string Path, string Host, int Port)
{
    /// <summary>Parses a source value; on failure <paramref name="error"/> says what is wrong and shows an example.</summary>
    public static bool TryParse(string? text, out ReceiverSourceSpec? spec, out string error)
    {
        spec = null;
        error = string.Empty;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (string.IsNullOrWhiteSpace(text) || colon <= 0)
        {
            error = $"'{text}' is not a source: write serial:/dev/gnss0, tcp:192.0.2.10:2101 or file:/path/capture.log";
            return false;
        }

        var scheme = text[..colon].Trim().ToLowerInvariant();
        var rest = text[(colon + 1)..].Trim();
        switch (scheme)
        {
            case "serial" when rest.StartsWith('/'):
                spec = new ReceiverSourceSpec(ReceiverSourceKind.Serial, rest, string.Empty, 0);
                return true;
            case "file" when rest.Length > 0:
                spec = new ReceiverSourceSpec(ReceiverSourceKind.File, rest, string.Empty, 0);
                return true;
            case "tcp":
                var portColon = rest.LastIndexOf(':');
                if (portColon > 0 && int.TryParse(rest.AsSpan(portColon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
                {
                    spec = new ReceiverSourceSpec(ReceiverSourceKind.Tcp, string.Empty, rest[..portColon].Trim('[', ']'), port);
                    return true;
                }

                error = $"'{text}' is not tcp:HOST:PORT: write e.g. tcp:192.0.2.10:2101";
                return false;
            case "serial":
                error = $"'{text}' needs an absolute device path: write e.g. serial:/dev/gnss0";
                return false;
            default:
                error = $"'{scheme}' is not a source kind: use serial:, tcp: or file:, e.g. serial:/dev/gnss0";
                return false;
        }
    }
}
