namespace GeoFence.Device.Systemd;

/// <summary>Reads systemd's <c>NOTIFY_SOCKET</c> (a path, or '@' for an abstract socket).</summary>
public static class NotifySocketPath
{
    /// <summary>The environment variable systemd sets for Type=notify services.</summary>
    public const string Variable = "NOTIFY_SOCKET";

    /// <summary>The socket path from the process environment, or null outside systemd.</summary>
    public static string? FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Turns a <c>NOTIFY_SOCKET</c> value into a socket path ('@' becomes the abstract-namespace NUL).</summary>
    public static string? Parse(string? value) =>
        string.IsNullOrEmpty(value) ? null : value[0] == '@' ? "\0" + value[1..] : value;
}
