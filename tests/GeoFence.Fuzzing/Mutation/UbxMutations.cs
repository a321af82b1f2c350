namespace GeoFence.Fuzzing.Mutation;

/// <summary>UBX-aware mutations: frames are <c>B5 62 class id len(LE16) payload ckA ckB</c> with a Fletcher-8 checksum over class..payload.</summary>
public static class UbxMutations
{
    private const byte ClassNav = 0x01;
    private static readonly (byte Id, int Length)[] NavMessages = [(0x07, 92), (0x07, 84), (0x14, 36), (0x61, 4), (0x07, 91), (0x14, 35), (0x61, 0)];
    private static readonly int[] InterestingLengths = [0, 1, 3, 4, 35, 36, 37, 83, 84, 85, 91, 92, 93, 0xFF, 0x100, 9208, 9209, 9210, 9216, 0x7FFF, 0xFFFF];

    /// <summary>Sets a frame's length field to an interesting value; half the time re-signs the frame over its new bounds.</summary>
    public static void ChangeLength(List<byte> b, Random r)
    {
        if (FindFrame(b, r) is not { } at || at + 6 > b.Count)
        {
            return;
        }

        var length = InterestingLengths[r.Next(InterestingLengths.Length)];
        b[at + 4] = (byte)length;
        b[at + 5] = (byte)(length >> 8);
        if (r.Next(2) == 0)
        {
            Sign(b, at);
        }
    }

    /// <summary>Changes payload bytes of a frame and re-signs it, so the damage reaches the UBX field checks.</summary>
    public static void ChangePayload(List<byte> b, Random r)
    {
        if (FindFrame(b, r) is not { } at || at + 6 > b.Count)
        {
            return;
        }

        var length = b[at + 4] | (b[at + 5] << 8);
        var end = Math.Min(b.Count, at + 6 + length);
        if (end <= at + 6)
        {
            return;
        }

        for (var n = r.Next(1, 5); n > 0; n--)
        {
            var i = r.Next(at + 6, end);
            b[i] = r.Next(3) switch
            {
                0 => (byte)r.Next(256),
                1 => ByteMutations.InterestingBytes[r.Next(ByteMutations.InterestingBytes.Length)],
                _ => (byte)(b[i] ^ (1 << r.Next(8))),
            };
        }

        Sign(b, at);
    }

    /// <summary>Inserts a correctly signed NAV-PVT / NAV-HPPOSLLH / NAV-EOE frame with random or interesting payload.</summary>
    public static void InsertNavFrame(List<byte> b, Random r, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(r);
        var (id, length) = NavMessages[r.Next(NavMessages.Length)];
        if (b.Count + length + 8 > maxLength)
        {
            return;
        }

        var frame = new List<byte>(length + 8) { 0xB5, 0x62, ClassNav, id, (byte)length, (byte)(length >> 8) };
        var mode = r.Next(3);
        for (var i = 0; i < length; i++)
        {
            frame.Add(mode switch
            {
                0 => (byte)r.Next(256),
                1 => 0,
                _ => r.Next(4) == 0 ? (byte)r.Next(256) : (byte)0,
            });
        }

        if (id == 0x07 && length >= 12 && mode != 0)
        {
            // A plausible UTC date/time and validity flags, so the frame gets past the first checks.
            var year = 2000 + r.Next(40);
            frame[6 + 4] = (byte)year;
            frame[6 + 5] = (byte)(year >> 8);
            frame[6 + 6] = (byte)r.Next(1, 13);
            frame[6 + 7] = (byte)r.Next(1, 29);
            frame[6 + 8] = (byte)r.Next(24);
            frame[6 + 9] = (byte)r.Next(60);
            frame[6 + 10] = (byte)r.Next(61);
            frame[6 + 11] = (byte)r.Next(256);
        }

        frame.Add(0);
        frame.Add(0);
        Sign(frame, 0);
        b.InsertRange(r.Next(b.Count + 1), frame);
    }

    /// <summary>Writes the Fletcher-8 checksum of the frame at <paramref name="at"/> (as far as the buffer holds it).</summary>
    public static void Sign(List<byte> b, int at)
    {
        ArgumentNullException.ThrowIfNull(b);
        var length = b[at + 4] | (b[at + 5] << 8);
        var checksumAt = at + 6 + length;
        if (checksumAt + 2 > b.Count)
        {
            return;
        }

        byte a = 0;
        byte c = 0;
        for (var i = at + 2; i < checksumAt; i++)
        {
            a += b[i];
            c += a;
        }

        b[checksumAt] = a;
        b[checksumAt + 1] = c;
    }

    private static int? FindFrame(List<byte> b, Random r)
    {
        if (b.Count < 8)
        {
            return null;
        }

        var from = r.Next(b.Count);
        for (var n = 0; n < b.Count; n++)
        {
            var i = (from + n) % (b.Count - 1);
            if (b[i] == 0xB5 && b[i + 1] == 0x62)
            {
                return i;
            }
        }

        return null;
    }
}
