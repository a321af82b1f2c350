using System.Net.Sockets;
using GeoFence.Forwarding.Connection;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Sources;

/// <summary>Keeps a source open: reads, hands bytes on, and reopens with backoff after unplug, EOF, error or stall.</summary>
public sealed partial class SourceSupervisor
{
    private readonly IByteSource _source;
    private readonly SourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;

    /// <summary>Creates a supervisor; <paramref name="random"/> seeds the backoff jitter.</summary>
    public SourceSupervisor(IByteSource source, SourceOptions options, TimeProvider time, ILogger logger, Random? random = null)
    {
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
        _backoff = new Backoff(options.ReopenInitialDelay, options.ReopenMaximumDelay, random ?? Random.Shared);
    }

    /// <summary>Counters and state, safe to read from any thread.</summary>
    public SourceCounters Counters { get; } = new();

    /// <summary>Raised on the reading thread at each state change (Backoff: after its timer is armed).</summary>
    public event Action<SourceState>? StateChanged;

    /// <summary>
    /// Runs until cancelled, or until a final source (a file) ends. <paramref name="onBytes"/> gets each chunk with the
    /// timestamp (<see cref="TimeProvider.GetTimestamp"/>) at which it arrived; it must not keep the memory.
    /// </summary>
    public async Task RunAsync(Func<ReadOnlyMemory<byte>, long, ValueTask> onBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onBytes);
        var buffer = new byte[_options.ReadBufferSize];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var finished = await ReadOneConnectionAsync(buffer, onBytes, cancellationToken).ConfigureAwait(false);
                if (finished)
                {
                    return;
                }

                var delay = _backoff.Next();
                LogReopenDelay(_logger, _source.Name, delay.TotalMilliseconds);
                var wait = Task.Delay(delay, _time, cancellationToken);
                SetState(SourceState.Backoff);
                await wait.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the host.
        }
        finally
        {
            SetState(SourceState.Stopped);
        }
    }

    private async Task<bool> ReadOneConnectionAsync(
        byte[] buffer, Func<ReadOnlyMemory<byte>, long, ValueTask> onBytes, CancellationToken cancellationToken)
    {
        SetState(SourceState.Opening);
        IByteChannel channel;
        try
        {
            channel = await _source.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsSourceFault(e))
        {
            Counters.Fault();
            LogOpenFailed(_logger, _source.Name, e.Message);
            return false;
        }

        Counters.Opened();
        SetState(SourceState.Reading);
        LogOpened(_logger, _source.Name);
        await using (channel.ConfigureAwait(false))
        {
            if (channel is IPushingByteChannel { CanPush: true } pushing)
            {
                return await PushOneConnectionAsync(pushing, onBytes, cancellationToken).ConfigureAwait(false);
            }

            // One stall timer per connection, re-armed on every read (no allocation per read).
            using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
            try
            {
                while (true)
                {
                    stall.CancelAfter(_options.StallTimeout);
                    var read = await channel.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return Ended();
                    }

                    Counters.AddBytes(read);
                    _backoff.Reset();
                    await onBytes(buffer.AsMemory(0, read), _time.GetTimestamp()).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return Stalled();
            }
            catch (Exception e) when (IsSourceFault(e))
            {
                return ReadFailed(e);
            }
        }
    }

    /// <summary>The stream ended: counted and logged; true when the source is final (a file).</summary>
    private bool Ended()
    {
        Counters.End();
        LogEnded(_logger, _source.Name);
        return _source.EndIsFinal;
    }

    /// <summary>No byte within the stall timeout: counted and logged; the connection is reopened.</summary>
    private bool Stalled()
    {
        Counters.Stall();
        LogStalled(_logger, _source.Name, _options.StallTimeout.TotalSeconds);
        return false;
    }

    /// <summary>Reading failed: counted and logged; the connection is reopened.</summary>
    private bool ReadFailed(Exception e)
    {
        Counters.Fault();
        LogReadFailed(_logger, _source.Name, e.Message);
        return false;
    }

    private void SetState(SourceState state)
    {
        Counters.Set(state);
        StateChanged?.Invoke(state);
    }

    private static bool IsSourceFault(Exception e) =>
        e is IOException or SocketException or ObjectDisposedException or UnauthorizedAccessException
            or TimeoutException or InvalidOperationException or ArgumentException;

    [LoggerMessage(Level = LogLevel.Information, Message = "source {Source} opened")]
    private static partial void LogOpened(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "source {Source} could not be opened: {Reason}")]
    private static partial void LogOpenFailed(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "source {Source} failed while reading: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string source, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "source {Source} stalled: no byte for {Seconds} s")]
    private static partial void LogStalled(ILogger logger, string source, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "source {Source} reached end of stream")]
    private static partial void LogEnded(ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Debug, Message = "source {Source}: reopening in {Milliseconds:0} ms")]
    private static partial void LogReopenDelay(ILogger logger, string source, double milliseconds);
}
