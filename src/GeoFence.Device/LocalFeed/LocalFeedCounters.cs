namespace GeoFence.Device.LocalFeed;

/// <summary>What the local feed did, as counts only (never positions). Updated from any thread, readable from any.</summary>
public sealed class LocalFeedCounters
{
    private long clients;
    private long clientsAccepted;
    private long clientsRefused;
    private long recordsAccepted;
    private long recordsSent;
    private long recordsDropped;
    private long commandErrors;
    private long overlongCommands;

    /// <summary>Clients connected now.</summary>
    public long Clients => Interlocked.Read(ref clients);

    /// <summary>Clients served since start.</summary>
    public long ClientsAccepted => Interlocked.Read(ref clientsAccepted);

    /// <summary>Connections refused because <see cref="LocalFeedOptions.MaxClients"/> were already served.</summary>
    public long ClientsRefused => Interlocked.Read(ref clientsRefused);

    /// <summary>Records the pipeline handed to the feed.</summary>
    public long RecordsAccepted => Interlocked.Read(ref recordsAccepted);

    /// <summary>TPV objects written to clients (one per record per watching client).</summary>
    public long RecordsSent => Interlocked.Read(ref recordsSent);

    /// <summary>TPV objects dropped (oldest first) because a client read too slowly.</summary>
    public long RecordsDropped => Interlocked.Read(ref recordsDropped);

    /// <summary>Commands answered with an ERROR object (unknown, malformed, refused watch modes).</summary>
    public long CommandErrors => Interlocked.Read(ref commandErrors);

    /// <summary>Clients closed because a command exceeded the length limit.</summary>
    public long OverlongCommands => Interlocked.Read(ref overlongCommands);

    /// <summary>A consistent-enough copy of every counter, for status reports.</summary>
    public LocalFeedStatus Snapshot() => new(Clients, ClientsAccepted, ClientsRefused, RecordsAccepted, RecordsSent, RecordsDropped, CommandErrors, OverlongCommands);

    internal void ClientConnected()
    {
        Interlocked.Increment(ref clients);
        Interlocked.Increment(ref clientsAccepted);
    }

    internal void ClientDisconnected() => Interlocked.Decrement(ref clients);

    internal void ClientRefused() => Interlocked.Increment(ref clientsRefused);

    internal void RecordAccepted() => Interlocked.Increment(ref recordsAccepted);

    internal void RecordSent() => Interlocked.Increment(ref recordsSent);

    internal void RecordDropped() => Interlocked.Increment(ref recordsDropped);

    internal void CommandError() => Interlocked.Increment(ref commandErrors);

    internal void OverlongCommand() => Interlocked.Increment(ref overlongCommands);
}
