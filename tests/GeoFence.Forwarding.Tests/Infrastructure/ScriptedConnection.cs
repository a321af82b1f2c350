using System.Net.Sockets;

namespace GeoFence.Forwarding.Tests.Infrastructure;

/// <summary>One client connection of a <see cref="ScriptedBroker"/>: read whole MQTT packets, write raw bytes.</summary>
public sealed class ScriptedConnection(Socket socket, CancellationToken stop) : IAsyncDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);

    /// <summary>Reads one packet: its type (the fixed header's high nibble) and body; null when the client closed.</summary>
    public async Task<(int Type, byte[] Body)?> ReadPacketAsync()
    {
        var header = new byte[1];
        if (await _stream.ReadAsync(header, stop) == 0)
        {
            return null;
        }

        var length = 0;
        var multiplier = 1;
        byte b;
        do
        {
            var one = new byte[1];
            await _stream.ReadExactlyAsync(one, stop);
            b = one[0];
            length += (b & 0x7F) * multiplier;
            multiplier *= 128;
        }
        while ((b & 0x80) != 0);

        var body = new byte[length];
        await _stream.ReadExactlyAsync(body, stop);
        return (header[0] >> 4, body);
    }

    /// <summary>Writes raw bytes.</summary>
    public async Task WriteAsync(byte[] bytes) => await _stream.WriteAsync(bytes, stop);

    /// <summary>Reads (and drops) packets until the client closes or the test ends.</summary>
    public async Task DrainAsync()
    {
        while (await ReadPacketAsync() is not null)
        {
        }
    }

    /// <summary>An MQTT 5 PUBACK (success) for a PUBLISH body the client sent.</summary>
    public static byte[] PubAckFor(byte[] publishBody)
    {
        var topicLength = (publishBody[0] << 8) | publishBody[1];
        return [0x40, 0x02, publishBody[2 + topicLength], publishBody[3 + topicLength]];
    }

    /// <summary>An MQTT 5 QoS 1 PUBLISH with no properties.</summary>
    public static byte[] Publish(string topic, ushort identifier, byte[] payload)
    {
        var topicBytes = System.Text.Encoding.UTF8.GetBytes(topic);
        var remaining = 2 + topicBytes.Length + 2 + 1 + payload.Length;
        var packet = new List<byte> { 0x32 };
        var value = remaining;
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            packet.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (value > 0);

        packet.AddRange([(byte)(topicBytes.Length >> 8), (byte)topicBytes.Length, .. topicBytes, (byte)(identifier >> 8), (byte)identifier, 0x00, .. payload]);
        return [.. packet];
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}
