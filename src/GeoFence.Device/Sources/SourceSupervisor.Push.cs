namespace GeoFence.Device.Sources;

/// <summary>The supervisor's path for a channel that pushes chunks from its own thread.</summary>
public sealed partial class SourceSupervisor
{
    /// <summary>
    /// One connection of a pushing channel: each chunk goes to <paramref name="onBytes"/> on the channel's thread. The
    /// stall timer is not re-armed per chunk: it fires once per stall timeout and, if bytes came since, re-arms for the
    /// rest of the timeout measured from the last of them.
    /// </summary>
    private async Task<bool> PushOneConnectionAsync(
        IPushingByteChannel channel, Func<ReadOnlyMemory<byte>, long, ValueTask> onBytes, CancellationToken cancellationToken)
    {
        using var stall = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        var pushed = new PushedChunks(this, onBytes, stall);
        using var watch = _time.CreateTimer(static state => ((PushedChunks)state!).CheckStall(), pushed, _options.StallTimeout, Timeout.InfiniteTimeSpan);
        pushed.Watch = watch;
        try
        {
            await channel.PushAsync(pushed.OnChunk, linked.Token).ConfigureAwait(false);
            return Ended();
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

    /// <summary>Counts and forwards the chunks of one pushed connection and watches it for a stall.</summary>
    private sealed class PushedChunks(SourceSupervisor owner, Func<ReadOnlyMemory<byte>, long, ValueTask> onBytes, CancellationTokenSource stall)
    {
        private long _lastChunk = owner._time.GetTimestamp();

        public ITimer? Watch { get; set; }

        /// <summary>On the channel's thread.</summary>
        public void OnChunk(ReadOnlyMemory<byte> chunk)
        {
            var now = owner._time.GetTimestamp();
            Volatile.Write(ref _lastChunk, now);
            owner.Counters.AddBytes(chunk.Length);
            owner._backoff.Reset();
            var handled = onBytes(chunk, now);
            if (!handled.IsCompletedSuccessfully)
            {
                handled.AsTask().GetAwaiter().GetResult(); // the intake's handler is synchronous; any other waits here
            }
        }

        /// <summary>On the timer: a stall once the timeout has passed since the last chunk, else wait for the rest of it.</summary>
        public void CheckStall()
        {
            var quiet = owner._time.GetElapsedTime(Volatile.Read(ref _lastChunk));
            var timeout = owner._options.StallTimeout;
            if (quiet >= timeout)
            {
                stall.Cancel();
                return;
            }

            Watch?.Change(timeout - quiet, Timeout.InfiniteTimeSpan);
        }
    }
}
