namespace GeoFence.Device.Sources;

/// <summary>Replays bytes from a stream the caller opens (an embedded capture); the end of it ends the input.</summary>
public sealed class StreamSource(string name, Func<Stream> open) : IByteSource
{
    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public bool EndIsFinal => true;

    /// <inheritdoc/>
    public ValueTask<IByteChannel> OpenAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IByteChannel>(new StreamChannel(open()));
}
