using System.Buffers;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace GeoFence.Forwarding.Connection;

/// <summary>
/// MQTT packets over a blocking stream, synchronously: MQTTnet's formatter encodes and decodes, this class only frames.
/// A whole packet goes out in one write (one TLS record, one TCP send); reads are buffered, so a PUBACK costs one read.
/// Sends are serialised; receiving is for one thread only. Packets larger than <see cref="MaxPacketBytes"/> are skipped
/// unread (the connection stays usable) and reported as <see cref="OversizedPacket"/>.
/// </summary>
internal sealed class MqttWire
{
    private const int ReadBufferBytes = 4096;

    private readonly Stream _stream;
    private readonly MqttPacketFormatterAdapter _formatter;
    private readonly Lock _sendLock = new();
    private readonly byte[] _read = new byte[ReadBufferBytes];
    private byte[] _send = new byte[ReadBufferBytes];
    private int _readStart;
    private int _readEnd;
    private long _lastRead = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Creates the framing for one connection.</summary>
    public MqttWire(Stream stream, MqttProtocolVersion version, int maxPacketBytes)
    {
        _stream = stream;
        _formatter = new MqttPacketFormatterAdapter(version, new MqttBufferWriter(ReadBufferBytes, 65536));
        MaxPacketBytes = maxPacketBytes;
    }

    /// <summary>When bytes last arrived (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), also in the middle of a packet.</summary>
    public long LastReadTimestamp => Volatile.Read(ref _lastRead);

    /// <summary>Largest packet (remaining length) that is read into memory.</summary>
    public int MaxPacketBytes { get; }

    /// <summary>Encodes and writes one packet (blocking; other senders wait).</summary>
    public void Send(MqttPacket packet)
    {
        lock (_sendLock)
        {
            var encoded = _formatter.Encode(packet);
            var length = encoded.Length;
            if (_send.Length < length)
            {
                _send = new byte[Math.Max(length, _send.Length * 2)];
            }

            encoded.Packet.AsSpan().CopyTo(_send);
            encoded.Payload.CopyTo(_send.AsSpan(encoded.Packet.Count));
            _formatter.Cleanup();
            _stream.Write(_send, 0, length);
        }
    }

    /// <summary>Reads the next packet; null when the peer closed the connection. Throws on malformed input.</summary>
    public MqttPacket? Receive()
    {
        if (!TryReadHeader(out var flags, out var remaining, out var headerLength))
        {
            return null;
        }

        if (remaining > MaxPacketBytes)
        {
            return SkipOversized(flags, remaining);
        }

        var body = new byte[remaining];
        if (!Fill(body))
        {
            return null;
        }

        return _formatter.Decode(new ReceivedMqttPacket(flags, new ArraySegment<byte>(body), headerLength + remaining))
            ?? throw new MqttProtocolViolationException("undecodable packet from the broker");
    }

    /// <summary>
    /// Skips a packet too large to hold. Of a PUBLISH, the topic length, topic and packet identifier are read first, so a
    /// QoS 1 message can still be acknowledged (otherwise the broker would hold it in flight for the whole session).
    /// </summary>
    private OversizedPacket? SkipOversized(byte flags, int remaining)
    {
        ushort identifier = 0;
        var qos = (flags >> 1) & 3;
        if (flags >> 4 == 3 && qos > 0)
        {
            Span<byte> two = stackalloc byte[2];
            if (!Fill(two))
            {
                return null;
            }

            var topicLength = (two[0] << 8) | two[1];
            if (topicLength + 4 > remaining)
            {
                throw new MqttProtocolViolationException("PUBLISH topic longer than the packet");
            }

            if (!Skip(topicLength) || !Fill(two))
            {
                return null;
            }

            identifier = (ushort)((two[0] << 8) | two[1]);
            remaining -= topicLength + 4;
        }

        return Skip(remaining) ? new OversizedPacket(flags, identifier) : null;
    }

    /// <summary>The fixed header: type/flags byte and the variable-length remaining length.</summary>
    private bool TryReadHeader(out byte flags, out int remaining, out int headerLength)
    {
        flags = 0;
        remaining = 0;
        headerLength = 1;
        if (!TryReadByte(out flags))
        {
            return false;
        }

        var multiplier = 1;
        for (var i = 0; i < 4; i++)
        {
            if (!TryReadByte(out var b))
            {
                return false;
            }

            headerLength++;
            remaining += (b & 0x7F) * multiplier;
            if ((b & 0x80) == 0)
            {
                return true;
            }

            multiplier *= 128;
        }

        throw new MqttProtocolViolationException("remaining length longer than four bytes");
    }

    private bool TryReadByte(out byte value)
    {
        if (_readStart == _readEnd && !Refill())
        {
            value = 0;
            return false;
        }

        value = _read[_readStart++];
        return true;
    }

    private bool Fill(Span<byte> target)
    {
        while (target.Length > 0)
        {
            if (_readStart == _readEnd && !Refill())
            {
                return false;
            }

            var take = Math.Min(target.Length, _readEnd - _readStart);
            _read.AsSpan(_readStart, take).CopyTo(target);
            _readStart += take;
            target = target[take..];
        }

        return true;
    }

    private bool Skip(int count)
    {
        while (count > 0)
        {
            if (_readStart == _readEnd && !Refill())
            {
                return false;
            }

            var take = Math.Min(count, _readEnd - _readStart);
            _readStart += take;
            count -= take;
        }

        return true;
    }

    private bool Refill()
    {
        _readStart = 0;
        _readEnd = _stream.Read(_read, 0, _read.Length);
        Volatile.Write(ref _lastRead, System.Diagnostics.Stopwatch.GetTimestamp());
        return _readEnd > 0;
    }
}
