using System.Net.Sockets;

namespace GeoFence.Device.Sources;

/// <summary>A receiver (or ser2net) serving raw bytes on a TCP port.</summary>
public sealed class TcpSource(string host, int port, TimeSpan connectTimeout) : IByteSource
{
    /// <inheritdoc/>
    public string Name => $"tcp {host}:{port}";

    /// <inheritdoc/>
    public bool EndIsFinal => false;

    /// <inheritdoc/>
    public async ValueTask<IByteChannel> OpenAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(connectTimeout);
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            return new StreamChannel(client.GetStream(), client);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new TimeoutException($"connect to {host}:{port} timed out after {connectTimeout.TotalSeconds:0.#} s");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
