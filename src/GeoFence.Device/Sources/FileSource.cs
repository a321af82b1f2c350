namespace GeoFence.Device.Sources;

/// <summary>Replays a recorded capture from a file, or standard input for "-".</summary>
public sealed class FileSource(string path) : IByteSource
{
    /// <inheritdoc/>
    public string Name => path == "-" ? "stdin" : $"file {path}";

    /// <inheritdoc/>
    public bool EndIsFinal => true;

    /// <inheritdoc/>
    public ValueTask<IByteChannel> OpenAsync(CancellationToken cancellationToken)
    {
        Stream stream = path == "-"
            ? Console.OpenStandardInput()
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return ValueTask.FromResult<IByteChannel>(new StreamChannel(stream));
    }
}
