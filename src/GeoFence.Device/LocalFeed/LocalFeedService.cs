using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.LocalFeed;

/// <summary>
/// Listens for gpsd clients on the configured loopback address and serves each in a <see cref="FeedSession"/> of
/// <see cref="LocalGpsdFeed"/>. The listener is bound during start; if the port is taken the error is logged and the
/// unit runs without the feed (forwarding does not depend on it). Beyond <see cref="LocalFeedOptions.MaxClients"/> a
/// connection gets an ERROR object and is closed.
/// </summary>
public sealed class LocalFeedService : BackgroundService
{
    /// <summary>Socket send buffer per client (the kernel doubles it): bounds what waits outside the feed's own queue.</summary>
    public const int SendBufferBytes = 16 * 1024;

    private static readonly TimeSpan RefuseTimeout = TimeSpan.FromSeconds(1);

    private readonly LocalGpsdFeed feed;
    private readonly LocalFeedOptions options;
    private readonly ILogger<LocalFeedService> logger;
    private readonly ConcurrentDictionary<long, Task> running = new();
    private TcpListener? listener;
    private long nextTaskId;

    /// <summary>Creates the service for the feed.</summary>
    public LocalFeedService(LocalGpsdFeed feed, IOptions<LocalFeedOptions> options, ILogger<LocalFeedService> logger)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.feed = feed;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>Where the feed listens; null when it is off or could not bind.</summary>
    public IPEndPoint? Endpoint { get; private set; }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            LocalFeedLog.Disabled(logger);
        }
        else if (LocalFeedOptionsValidator.BindAddressProblem(options.BindAddress) is { } problem)
        {
            throw new OptionsValidationException(LocalFeedOptions.Section, typeof(LocalFeedOptions), [problem]);
        }
        else
        {
            Bind();
        }

        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (listener is null)
        {
            return;
        }

        try
        {
            while (true)
            {
                var socket = await listener.AcceptSocketAsync(stoppingToken).ConfigureAwait(false);
                Serve(socket, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            listener.Stop();
            await Task.WhenAll(running.Values).ConfigureAwait(false);
        }
    }

    private void Bind()
    {
        var address = IPAddress.Parse(options.BindAddress);
        var endpoint = new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, options.Port);
        var candidate = new TcpListener(endpoint);
        try
        {
            candidate.Start();
        }
        catch (SocketException e)
        {
            candidate.Dispose();
            LocalFeedLog.ListenFailed(logger, endpoint, e.SocketErrorCode);
            return;
        }

        listener = candidate;
        Endpoint = (IPEndPoint)candidate.LocalEndpoint;
        LocalFeedLog.Listening(logger, Endpoint, options.MaxClients);
    }

    private void Serve(Socket socket, CancellationToken stoppingToken)
    {
        var client = socket.RemoteEndPoint?.ToString() ?? "?";
        socket.NoDelay = true;
        socket.SendBufferSize = SendBufferBytes;
        var session = new FeedSession(socket, feed, options.QueueCapacity);
        if (!feed.TryAdd(session, options.MaxClients))
        {
            feed.Counters.ClientRefused();
            LocalFeedLog.ClientRefused(logger, client, options.MaxClients);
            Track(RefuseAsync(socket));
            return;
        }

        LocalFeedLog.ClientConnected(logger, client, feed.ClientCount);
        Track(RunAsync(session, client, stoppingToken));
    }

    private void Track(Task task)
    {
        var id = Interlocked.Increment(ref nextTaskId);
        running[id] = task;
        _ = task.ContinueWith(_ => running.TryRemove(id, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunAsync(FeedSession session, string client, CancellationToken stoppingToken)
    {
        try
        {
            await session.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            LocalFeedLog.SessionFailed(logger, e);
        }
        finally
        {
            feed.Remove(session);
            session.Dispose();
            LocalFeedLog.ClientLeft(logger, client);
        }
    }

    private static async Task RefuseAsync(Socket socket)
    {
        using (socket)
        {
            using var timeout = new CancellationTokenSource(RefuseTimeout);
            try
            {
                await socket.SendAsync(GpsdJson.Error("Too many clients: the local feed serves a limited number at once; try again later"), timeout.Token).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // the refused client went away first
            }
        }
    }
}
