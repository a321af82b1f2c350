namespace GeoFence.Device.LocalFeed;

/// <summary>What a client asked for.</summary>
internal enum GpsdRequestKind
{
    /// <summary>Not understood or refused: answer <see cref="GpsdRequest.Error"/>.</summary>
    Invalid,

    /// <summary><c>?VERSION;</c></summary>
    Version,

    /// <summary><c>?DEVICES;</c></summary>
    Devices,

    /// <summary><c>?WATCH;</c> (query) or <c>?WATCH={...};</c> (change).</summary>
    Watch,

    /// <summary><c>?POLL;</c></summary>
    Poll,
}

/// <summary>One parsed gpsd command.</summary>
internal sealed record GpsdRequest(GpsdRequestKind Kind, WatchChange? Change = null, string? Error = null)
{
    /// <summary>A refusal with the ERROR message to send.</summary>
    public static GpsdRequest Invalid(string error) => new(GpsdRequestKind.Invalid, Error: error);
}

/// <summary>The members of a <c>?WATCH={...}</c> that change the watch; null = unchanged.</summary>
internal sealed record WatchChange(bool Enable, bool? Json);
