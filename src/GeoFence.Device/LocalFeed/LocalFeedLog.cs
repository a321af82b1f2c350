using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.LocalFeed;

/// <summary>The local feed's log lines: endpoints and counts only, never a position.</summary>
internal static partial class LocalFeedLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Local feed: gpsd protocol on {Endpoint}, sanitised fixes only, at most {MaxClients} clients")]
    public static partial void Listening(ILogger logger, EndPoint endpoint, int maxClients);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Local feed: off (LocalFeed:Enabled is false)")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Local feed: cannot listen on {Endpoint} ({Error}); the unit runs without it. Is gpsd running on this port? Set LocalFeed:Port, e.g. 2948")]
    public static partial void ListenFailed(ILogger logger, EndPoint endpoint, SocketError error);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Debug, Message = "Local feed: client {Client} connected ({Clients} served)")]
    public static partial void ClientConnected(ILogger logger, string client, int clients);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Debug, Message = "Local feed: client {Client} left")]
    public static partial void ClientLeft(ILogger logger, string client);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Debug, Message = "Local feed: client {Client} refused, {MaxClients} clients already served")]
    public static partial void ClientRefused(ILogger logger, string client, int maxClients);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Warning, Message = "Local feed: a client session failed")]
    public static partial void SessionFailed(ILogger logger, Exception error);
}
