using System.Net.Sockets;
using System.Threading.Channels;

namespace GeoFence.Device.LocalFeed;

/// <summary>
/// One connected client. Lines wait in a bounded queue (oldest dropped first, counted) that one writer loop drains to the
/// socket, so neither the pipeline thread nor a command ever waits for a slow client. The reader loop frames and answers
/// commands; when the client ends its side, sends an overlong command, or the service stops, the queue is closed, what
/// is already queued gets a short grace to drain, and the socket is closed.
/// </summary>
internal sealed class FeedSession : IDisposable
{
    /// <summary>Longest command accepted; a longer one gets an ERROR and the connection is closed.</summary>
    public const int MaxCommandLength = 1024;

    /// <summary>How long queued lines may take to drain after the client's side ended.</summary>
    public static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    private readonly Socket socket;
    private readonly LocalGpsdFeed feed;
    private readonly Channel<FeedLine> queue;
    private readonly Lock watchGate = new();
    private volatile bool watching;

    /// <summary>Creates a session over an accepted socket.</summary>
    public FeedSession(Socket socket, LocalGpsdFeed feed, int queueCapacity)
    {
        this.socket = socket;
        this.feed = feed;
        queue = Channel.CreateBounded<FeedLine>(
            new BoundedChannelOptions(queueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                if (dropped.IsRecord)
                {
                    feed.Counters.RecordDropped();
                }
            });
    }

    /// <summary>True while the client watches with JSON on: it gets a TPV per record.</summary>
    public bool IsWatching => watching;

    /// <summary>
    /// Queues a record's TPV if the client watches; never waits for the client (the gate is only held by this
    /// session's own WATCH handling, for two queue writes).
    /// </summary>
    public void OfferRecord(byte[] tpv)
    {
        lock (watchGate)
        {
            if (watching && !queue.Writer.TryWrite(new FeedLine(tpv, IsRecord: true)))
            {
                feed.Counters.RecordDropped(); // the session is closing
            }
        }
    }

    /// <summary>Serves the client until it leaves, misbehaves or <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        Reply(GpsdJson.Version());
        var writer = WriteLoopAsync(stream, writing.Token);
        try
        {
            await ReadLoopAsync(stream, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // the client went away or the service is stopping
        }
        finally
        {
            lock (watchGate)
            {
                watching = false;
            }

            queue.Writer.TryComplete();
        }

        writing.CancelAfter(DrainGrace);
        await writer.ConfigureAwait(false);
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => socket.Dispose();

    private async Task ReadLoopAsync(NetworkStream stream, CancellationToken stopping)
    {
        var framer = new GpsdCommandFramer(MaxCommandLength);
        var buffer = new byte[512];
        var commands = new List<string>();
        while (true)
        {
            var read = await stream.ReadAsync(buffer, stopping).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            commands.Clear();
            var complete = framer.Append(buffer.AsSpan(0, read), commands);
            foreach (var command in commands)
            {
                Handle(GpsdRequestParser.Parse(command));
            }

            if (!complete)
            {
                feed.Counters.OverlongCommand();
                Reply(GpsdJson.Error($"Request too long: a command may have at most {MaxCommandLength} bytes; closing"));
                return;
            }
        }
    }

    private void Handle(GpsdRequest request)
    {
        switch (request.Kind)
        {
            case GpsdRequestKind.Version:
                Reply(GpsdJson.Version());
                break;
            case GpsdRequestKind.Devices:
                Reply(GpsdJson.Devices());
                break;
            case GpsdRequestKind.Poll:
                Reply(feed.PollReply());
                break;
            case GpsdRequestKind.Watch:
                Watch(request.Change);
                break;
            default:
                feed.Counters.CommandError();
                Reply(GpsdJson.Error(request.Error ?? "Unrecognized request"));
                break;
        }
    }

    private void Watch(WatchChange? change)
    {
        if (change is not null)
        {
            var streams = change.Enable && (change.Json ?? true);
            lock (watchGate) // records queue strictly after the WATCH reply, and from the moment it is queued
            {
                watching = streams;
                if (change.Enable)
                {
                    Reply(GpsdJson.Devices());
                }

                Reply(GpsdJson.Watch(change.Enable, streams));
            }

            return;
        }

        Reply(GpsdJson.Watch(watching, watching));
    }

    private void Reply(byte[] line) => queue.Writer.TryWrite(new FeedLine(line, IsRecord: false));

    private async Task WriteLoopAsync(NetworkStream stream, CancellationToken token)
    {
        try
        {
            var reader = queue.Reader;
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var line))
                {
                    await stream.WriteAsync(line.Utf8, token).ConfigureAwait(false);
                    if (line.IsRecord)
                    {
                        feed.Counters.RecordSent();
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // the client went away, or the drain grace ran out
        }
        finally
        {
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // already reset by the client
            }
        }
    }
}
