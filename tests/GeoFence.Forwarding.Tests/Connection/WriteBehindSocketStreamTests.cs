using System.Net;
using System.Net.Sockets;
using GeoFence.Forwarding.Connection;

namespace GeoFence.Forwarding.Tests.Connection;

/// <summary>The broker socket's writes: never blocking, in order, and bounded when the peer stops reading.</summary>
public sealed class WriteBehindSocketStreamTests
{
    [Fact]
    public async Task Writes_to_a_peer_that_reads_nothing_return_at_once_until_the_byte_limit_then_fail()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        using var peer = await listener.AcceptSocketAsync(); // never reads
        const long limit = 4 * 1024 * 1024;
        using var stream = new WriteBehindSocketStream(client, limit);
        var chunk = new byte[64 * 1024];

        var written = 0L;
        var failure = await Task.Run(() =>
        {
            try
            {
                while (written < 64 * limit)
                {
                    stream.Write(chunk);
                    written += chunk.Length;
                }

                return null;
            }
            catch (IOException e)
            {
                return e;
            }
        }).WaitAsync(TimeSpan.FromSeconds(30)); // a blocking write would hang here instead

        Assert.NotNull(failure);
        Assert.Contains("bytes wait for the broker", failure.Message, StringComparison.Ordinal);
        Assert.True(stream.WritesQueued > 0, "nothing was ever queued: the socket took everything");
        Assert.InRange(stream.PendingBytes, 0, limit);
        Assert.True(written >= limit, $"failed after {written} bytes, before the queue could have reached {limit}");
    }

    [Fact]
    public async Task What_was_queued_arrives_complete_and_in_order_once_the_peer_reads()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect((IPEndPoint)listener.LocalEndpoint);
        using var peer = await listener.AcceptSocketAsync();
        using var stream = new WriteBehindSocketStream(client);
        const int chunks = 200;
        var chunk = new byte[32 * 1024];
        for (var i = 0; i < chunks; i++)
        {
            Array.Fill(chunk, (byte)i);
            stream.Write(chunk); // 6.4 MB, more than the socket buffers: part of it is queued
        }

        Assert.True(stream.WritesQueued > 0);
        var received = new byte[chunks * chunk.Length];
        await using var peerStream = new NetworkStream(peer);
        await peerStream.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < chunks; i++)
        {
            Assert.True(received.AsSpan(i * chunk.Length, chunk.Length).IndexOfAnyExcept((byte)i) < 0, $"chunk {i} arrived out of order or corrupt");
        }
    }
}
