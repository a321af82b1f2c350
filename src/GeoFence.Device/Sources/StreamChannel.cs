namespace GeoFence.Device.Sources;

/// <summary>A channel over a stream, disposing the stream and an optional owner (port, socket) on close.</summary>
internal sealed class StreamChannel(Stream stream, IDisposable? owner = null) : IByteChannel
{
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        stream.ReadAsync(buffer, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // A port that vanished (unplug) can fail on close; nothing left to release.
        }
        finally
        {
            owner?.Dispose();
        }
    }
}
