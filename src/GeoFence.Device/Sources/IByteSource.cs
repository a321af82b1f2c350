namespace GeoFence.Device.Sources;

/// <summary>Where receiver bytes come from: opens a fresh connection each time it is asked (serial, TCP, file).</summary>
public interface IByteSource
{
    /// <summary>A short description for logs and status (path or host:port; never data).</summary>
    string Name { get; }

    /// <summary>True when the end of the stream means the input is finished (a file), false when it should be reopened.</summary>
    bool EndIsFinal { get; }

    /// <summary>Opens a new connection; throws IOException/SocketException/UnauthorizedAccessException when it can't.</summary>
    ValueTask<IByteChannel> OpenAsync(CancellationToken cancellationToken);
}
