namespace GeoFence.Fuzzing.Mutation;

/// <summary>Finds NMEA sentences and their fields inside a byte buffer and writes checksums.</summary>
public static class Sentences
{
    /// <summary>Picks a sentence near a random position: <paramref name="start"/> at its lead byte, <paramref name="end"/> at its CR/LF (or the next lead, or the end).</summary>
    public static bool TryPick(List<byte> b, Random r, out int start, out int end)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(r);
        start = end = -1;
        if (b.Count == 0)
        {
            return false;
        }

        var from = r.Next(b.Count);
        for (var i = 0; i < b.Count; i++)
        {
            var at = (from + i) % b.Count;
            if (b[at] is (byte)'$' or (byte)'!')
            {
                start = at;
                end = EndOf(b, at);
                return true;
            }
        }

        return false;
    }

    /// <summary>Index of the CR/LF, next lead byte or buffer end after a sentence's lead byte.</summary>
    public static int EndOf(List<byte> b, int start)
    {
        ArgumentNullException.ThrowIfNull(b);
        for (var i = start + 1; i < b.Count; i++)
        {
            if (b[i] is (byte)'\r' or (byte)'\n' or (byte)'$' or (byte)'!')
            {
                return i;
            }
        }

        return b.Count;
    }

    /// <summary>Index of the checksum star of the sentence in [start, end), or -1.</summary>
    public static int Star(List<byte> b, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(b);
        for (var i = end - 1; i > start; i--)
        {
            if (b[i] == (byte)'*')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>[from, to) of every field after the lead byte (field 0 is the address), up to the star or the end.</summary>
    public static List<(int From, int To)> FieldBounds(List<byte> b, int start, int end)
    {
        ArgumentNullException.ThrowIfNull(b);
        var star = Star(b, start, end);
        var stop = star < 0 ? end : star;
        var fields = new List<(int, int)>();
        var from = start + 1;
        for (var i = start + 1; i <= stop; i++)
        {
            if (i == stop || b[i] == (byte)',')
            {
                fields.Add((from, i));
                from = i + 1;
            }
        }

        return fields;
    }

    /// <summary>Writes the correct two-digit checksum after the sentence's star (adding <c>*HH</c> when the star is missing).</summary>
    public static void FixChecksum(List<byte> b, int start)
    {
        ArgumentNullException.ThrowIfNull(b);
        var end = EndOf(b, start);
        var star = Star(b, start, end);
        if (star < 0)
        {
            star = end;
            b.Insert(star, (byte)'*');
            end++;
        }

        byte xor = 0;
        for (var i = start + 1; i < star; i++)
        {
            xor ^= b[i];
        }

        if (end - star - 1 != 2)
        {
            b.RemoveRange(star + 1, end - star - 1);
            b.InsertRange(star + 1, [0, 0]);
        }

        b[star + 1] = Hex(xor >> 4);
        b[star + 2] = Hex(xor & 0xF);
    }

    /// <summary>The start of the line at or after a position (or the position when no line ends follow).</summary>
    public static int LineStartNear(List<byte> b, int position)
    {
        ArgumentNullException.ThrowIfNull(b);
        for (var i = Math.Max(0, position - 1); i < b.Count; i++)
        {
            if (b[i] == (byte)'\n')
            {
                return i + 1;
            }
        }

        return Math.Min(position, b.Count);
    }

    private static byte Hex(int nibble) => (byte)"0123456789ABCDEF"[nibble];
}
