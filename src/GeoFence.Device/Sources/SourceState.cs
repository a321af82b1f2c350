namespace GeoFence.Device.Sources;

/// <summary>Where the source supervisor stands.</summary>
public enum SourceState
{
    /// <summary>Not started yet.</summary>
    Idle,

    /// <summary>Opening a connection.</summary>
    Opening,

    /// <summary>Connected and reading.</summary>
    Reading,

    /// <summary>Waiting to reopen after a fault, stall or end of stream.</summary>
    Backoff,

    /// <summary>Finished: a file ended or the supervisor was stopped.</summary>
    Stopped,
}
