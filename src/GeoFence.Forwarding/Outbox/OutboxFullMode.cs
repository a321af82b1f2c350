namespace GeoFence.Forwarding.Outbox;

/// <summary>The policy's choice when the outbox is full.</summary>
public enum OutboxFullMode
{
    /// <summary>Delete the oldest records to make room (counted).</summary>
    DropOldest,

    /// <summary>Refuse new records (counted) until there is room.</summary>
    StopAccepting,
}
