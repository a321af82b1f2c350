namespace GeoFence.Device.Sources;

/// <summary>A channel whose own thread reads and hands each chunk over synchronously: no pipe and no await per read.</summary>
internal interface IPushingByteChannel : IByteChannel
{
    /// <summary>True until the channel is first read or pushed: a probed channel is read to its end instead.</summary>
    bool CanPush { get; }

    /// <summary>
    /// Reads on the channel's thread and calls <paramref name="onChunk"/> there with each chunk (valid only during the call)
    /// until the stream ends (the task completes), fails (faults with an <see cref="IOException"/>, or with what
    /// <paramref name="onChunk"/> threw) or is cancelled. Once per channel, instead of <see cref="IByteChannel.ReadAsync"/>.
    /// </summary>
    Task PushAsync(Action<ReadOnlyMemory<byte>> onChunk, CancellationToken cancellationToken);
}
