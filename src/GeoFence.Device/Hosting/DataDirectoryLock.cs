namespace GeoFence.Device.Hosting;

/// <summary>
/// An exclusive lock on <c>agent.lock</c> in the data directory, held while an agent (or `wipe`) uses the directory:
/// two agents never share an outbox, and `wipe` never erases under a running agent.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string FileName = "agent.lock";

    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>Creates the directory if needed and takes the lock; null when another process holds it.</summary>
    public static DataDirectoryLock? TryAcquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var stream = new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            stream.Flush();
            return new DataDirectoryLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();
}
