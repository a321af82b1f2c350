namespace GeoFence.Device.Sources;

/// <summary>One open connection to the receiver.</summary>
public interface IByteChannel : IAsyncDisposable
{
    /// <summary>Reads up to buffer.Length bytes; 0 means end of stream. Honours the token.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);
}
