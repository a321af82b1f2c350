using GeoFence.Device.Pipeline;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.LocalFeed;

/// <summary>
/// The local gpsd-compatible feed's sink side: takes each <see cref="CompliantFix"/> on the pipeline thread and offers
/// its TPV to every watching client's bounded queue without waiting (a slow client loses its oldest lines, counted).
/// Keeps the latest record for <c>?POLL;</c>. The listener is <see cref="LocalFeedService"/>.
/// </summary>
public sealed class LocalGpsdFeed : ICompliantSink
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private FeedSession[] sessions = [];
    private CompliantFix? latest;

    /// <summary>Creates the feed; <paramref name="time"/> stamps POLL replies.</summary>
    public LocalGpsdFeed(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
    }

    /// <summary>Clients, records sent and dropped, refused connections, command errors.</summary>
    public LocalFeedCounters Counters { get; } = new();

    /// <summary>Clients connected now.</summary>
    public int ClientCount => Volatile.Read(ref sessions).Length;

    /// <summary>Raised with the new client count after a client was added or has left (on the listener's threads).</summary>
    public event Action<int>? ClientsChanged;

    /// <inheritdoc />
    public void Accept(CompliantFix record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Volatile.Write(ref latest, record);
        Counters.RecordAccepted();
        byte[]? tpv = null;
        foreach (var session in Volatile.Read(ref sessions))
        {
            if (session.IsWatching)
            {
                tpv ??= GpsdJson.Tpv(record);
                session.OfferRecord(tpv);
            }
        }
    }

    /// <summary>The POLL reply: now and the latest record's TPV.</summary>
    internal byte[] PollReply() => GpsdJson.Poll(time.GetUtcNow(), Volatile.Read(ref latest));

    /// <summary>Adds a session unless <paramref name="maxClients"/> are already served.</summary>
    internal bool TryAdd(FeedSession session, int maxClients)
    {
        lock (gate)
        {
            if (sessions.Length >= maxClients)
            {
                return false;
            }

            Volatile.Write(ref sessions, [.. sessions, session]);
        }

        Counters.ClientConnected();
        ClientsChanged?.Invoke(ClientCount);
        return true;
    }

    /// <summary>Removes a finished session.</summary>
    internal void Remove(FeedSession session)
    {
        lock (gate)
        {
            var index = Array.IndexOf(sessions, session);
            if (index < 0)
            {
                return;
            }

            Volatile.Write(ref sessions, [.. sessions.AsSpan(0, index), .. sessions.AsSpan(index + 1)]);
        }

        Counters.ClientDisconnected();
        ClientsChanged?.Invoke(ClientCount);
    }
}
