using System.IO.Compression;

namespace GeoFence.Forwarding.Outbox;

/// <summary>
/// Several records in one stored row ("chunk"), deflated: per record the sequence (delta from the chunk's first), the
/// creation time (ms, delta from the previous), the payload length, the payload. Consecutive records share most of
/// their JSON, so a chunk is several times smaller than its records (SD-card wear).
/// </summary>
internal static class ChunkCodec
{
    /// <summary>Most records packed into one chunk (a commit of more writes several).</summary>
    public const int MaxRecords = 64;

    /// <summary>The deflated form of <paramref name="records"/> (ascending sequences, at least one).</summary>
    public static byte[] Encode(IReadOnlyList<OutboxRecord> records, int start, int count)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            Span<byte> scratch = stackalloc byte[30];
            var first = records[start].Sequence;
            var previousCreated = 0L;
            for (var i = start; i < start + count; i++)
            {
                var record = records[i];
                var created = record.Created.ToUnixTimeMilliseconds();
                var used = WriteVarint(scratch, (ulong)(record.Sequence - first));
                used += WriteVarint(scratch[used..], ZigZag(created - previousCreated));
                used += WriteVarint(scratch[used..], (ulong)record.Payload.Length);
                deflate.Write(scratch[..used]);
                deflate.Write(record.Payload.Span);
                previousCreated = created;
            }
        }

        return output.ToArray();
    }

    /// <summary>The records of a chunk whose first sequence is <paramref name="first"/>.</summary>
    /// <exception cref="InvalidDataException">The chunk is damaged.</exception>
    public static List<OutboxRecord> Decode(long first, byte[] data)
    {
        using var deflate = new DeflateStream(new MemoryStream(data, writable: false), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        deflate.CopyTo(raw);
        var bytes = raw.GetBuffer().AsSpan(0, (int)raw.Length);
        var records = new List<OutboxRecord>();
        var previousCreated = 0L;
        while (!bytes.IsEmpty)
        {
            var delta = (long)ReadVarint(ref bytes);
            previousCreated += UnZigZag(ReadVarint(ref bytes));
            var length = (int)ReadVarint(ref bytes);
            if (length < 0 || length > bytes.Length)
            {
                throw new InvalidDataException("outbox chunk is truncated");
            }

            records.Add(new OutboxRecord(first + delta, DateTimeOffset.FromUnixTimeMilliseconds(previousCreated), bytes[..length].ToArray()));
            bytes = bytes[length..];
        }

        return records;
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static int WriteVarint(Span<byte> target, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            target[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        target[i++] = (byte)value;
        return i;
    }

    private static ulong ReadVarint(ref Span<byte> source)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (source.IsEmpty)
            {
                throw new InvalidDataException("outbox chunk is truncated");
            }

            var b = source[0];
            source = source[1..];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("outbox chunk has a malformed number");
    }
}
