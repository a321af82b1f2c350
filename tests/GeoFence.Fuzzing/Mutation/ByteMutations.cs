namespace GeoFence.Fuzzing.Mutation;

/// <summary>Format-blind mutations over a growable byte buffer.</summary>
public static class ByteMutations
{
    /// <summary>Bytes that mean something to the GNSS lexer or to JSON.</summary>
    public static readonly byte[] InterestingBytes =
    [
        0x00, 0xFF, 0x7F, 0x80, 0x01, (byte)'$', (byte)'!', (byte)'*', (byte)',', (byte)'\r', (byte)'\n', (byte)'#',
        0xB5, 0x62, 0xD3, (byte)'.', (byte)'-', (byte)'+', (byte)'0', (byte)'9', (byte)'"', (byte)'\\', (byte)'{',
        (byte)'}', (byte)'[', (byte)']', (byte)':', (byte)'e', (byte)'E', (byte)' ',
    ];

    private static readonly ushort[] InterestingShorts = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 36, 84, 92, 9210, 9216, 9217, 1023, 1024];

    private static readonly uint[] InterestingInts = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 604_800_000, 86_400_000, 1_000_000_000, 900_000_000, 1_800_000_000];

    /// <summary>Flips one bit.</summary>
    public static void FlipBit(List<byte> b, Random r)
    {
        if (b.Count > 0)
        {
            b[r.Next(b.Count)] ^= (byte)(1 << r.Next(8));
        }
    }

    /// <summary>Overwrites one byte with a random or an interesting value.</summary>
    public static void SetByte(List<byte> b, Random r)
    {
        if (b.Count > 0)
        {
            b[r.Next(b.Count)] = r.Next(2) == 0 ? (byte)r.Next(256) : InterestingBytes[r.Next(InterestingBytes.Length)];
        }
    }

    /// <summary>Inserts 1–16 random or interesting bytes.</summary>
    public static void Insert(List<byte> b, Random r)
    {
        var run = new byte[r.Next(1, 17)];
        for (var i = 0; i < run.Length; i++)
        {
            run[i] = r.Next(3) == 0 ? (byte)r.Next(256) : InterestingBytes[r.Next(InterestingBytes.Length)];
        }

        b.InsertRange(r.Next(b.Count + 1), run);
    }

    /// <summary>Deletes a run of 1–64 bytes.</summary>
    public static void Delete(List<byte> b, Random r)
    {
        if (b.Count > 1)
        {
            var at = r.Next(b.Count);
            b.RemoveRange(at, Math.Min(r.Next(1, 65), b.Count - at));
        }
    }

    /// <summary>Copies a run of up to 128 bytes to another place (insert or overwrite).</summary>
    public static void Duplicate(List<byte> b, Random r, int maxLength)
    {
        if (b.Count == 0)
        {
            return;
        }

        var from = r.Next(b.Count);
        var run = b.GetRange(from, Math.Min(r.Next(1, 129), b.Count - from));
        PlaceRun(b, r, run, maxLength);
    }

    /// <summary>Copies a run from another seed into this input (insert or overwrite).</summary>
    public static void Splice(List<byte> b, Random r, byte[] other, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Length == 0)
        {
            return;
        }

        var from = r.Next(other.Length);
        var run = other.AsSpan(from, Math.Min(r.Next(1, 512), other.Length - from)).ToArray();
        PlaceRun(b, r, run, maxLength);
    }

    /// <summary>Overwrites 2 or 4 bytes with an interesting little- or big-endian value.</summary>
    public static void InterestingWord(List<byte> b, Random r)
    {
        var four = r.Next(2) == 0;
        var width = four ? 4 : 2;
        if (b.Count < width)
        {
            return;
        }

        var value = four ? InterestingInts[r.Next(InterestingInts.Length)] : InterestingShorts[r.Next(InterestingShorts.Length)];
        var at = r.Next(b.Count - width + 1);
        var bigEndian = r.Next(4) == 0;
        for (var i = 0; i < width; i++)
        {
            var shift = 8 * (bigEndian ? width - 1 - i : i);
            b[at + i] = (byte)(value >> shift);
        }
    }

    /// <summary>Cuts the input at a random point.</summary>
    public static void Truncate(List<byte> b, Random r)
    {
        if (b.Count > 1)
        {
            var keep = r.Next(1, b.Count);
            b.RemoveRange(keep, b.Count - keep);
        }
    }

    private static void PlaceRun(List<byte> b, Random r, IReadOnlyCollection<byte> run, int maxLength)
    {
        var at = r.Next(b.Count + 1);
        if (r.Next(2) == 0 && b.Count + run.Count <= maxLength)
        {
            b.InsertRange(at, run);
            return;
        }

        var i = at;
        foreach (var x in run)
        {
            if (i >= b.Count)
            {
                break;
            }

            b[i++] = x;
        }
    }
}
