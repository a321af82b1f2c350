namespace GeoFence.Device.Sources;

/// <summary>How the source supervisor reads, detects stalls and reopens.</summary>
public sealed record SourceOptions
{
    /// <summary>No byte for this long counts as a stall and the connection is reopened.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before a reopen.</summary>
    public TimeSpan ReopenInitialDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest delay between reopen attempts.</summary>
    public TimeSpan ReopenMaximumDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Size of the read buffer (bytes handed to the decoder per read at most).</summary>
    public int ReadBufferSize { get; init; } = 4096;
}
