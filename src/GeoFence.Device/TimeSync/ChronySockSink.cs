using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.TimeSync;

/// <summary>
/// Feeds chronyd's <c>refclock SOCK</c> as gpsd does: one datagram per epoch, the system time at the epoch's first
/// byte and the receiver's UTC minus it. chronyd creates and listens on the socket; we only send, non-blocking, and
/// drop (and count) a sample when chronyd is not there or its queue is full.
/// </summary>
public sealed partial class ChronySockSink : ITimeSampleSink, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
    private readonly UnixDomainSocketEndPoint _chrony;
    private readonly TimevalLayout _layout;
    private readonly TimeProvider _time;
    private readonly ILogger<ChronySockSink> _logger;
    private readonly Lock _gate = new();
    private readonly byte[] _buffer = new byte[ChronySockSample.MaximumSize];
    private long _sent;
    private long _dropped;
    private bool _failing;

    /// <summary>
    /// Creates the sink. <paramref name="time"/> must be the provider whose timestamps the source stamps bytes with:
    /// it converts a first-byte timestamp into system time.
    /// </summary>
    public ChronySockSink(IOptions<TimeSyncOptions> options, TimeProvider time, ILogger<ChronySockSink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _chrony = new UnixDomainSocketEndPoint(options.Value.SocketPath);
        _layout = ChronySockSample.Resolve(options.Value.Timeval);
        _time = time;
        _logger = logger;
    }

    /// <summary>Samples delivered to chronyd's socket.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Samples dropped (no chronyd, socket full, time outside the layout's range).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <inheritdoc/>
    public void Submit(DateTimeOffset receiverUtc, long firstByteTimestamp)
    {
        var systemTime = _time.GetUtcNow() - _time.GetElapsedTime(firstByteTimestamp);
        var offset = (receiverUtc - systemTime).TotalSeconds;
        lock (_gate)
        {
            try
            {
                var length = ChronySockSample.Write(_buffer, _layout, systemTime, offset);
                _socket.SendTo(_buffer.AsSpan(0, length), SocketFlags.None, _chrony);
                Interlocked.Increment(ref _sent);
                if (_failing)
                {
                    _failing = false;
                    LogRecovered(_logger);
                }
            }
            catch (Exception e) when (e is SocketException or ArgumentOutOfRangeException)
            {
                Interlocked.Increment(ref _dropped);
                if (!_failing)
                {
                    _failing = true;
                    LogDropping(_logger, e.Message);
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "chrony time samples dropped until chronyd's SOCK refclock listens: {Error}")]
    private static partial void LogDropping(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "chrony time samples delivered again")]
    private static partial void LogRecovered(ILogger logger);
}
