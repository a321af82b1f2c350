using System.Text;

namespace GeoFence.Fuzzing.Mutation;

/// <summary>NMEA-aware mutations: they find a sentence (<c>$</c>/<c>!</c> to CR/LF) and change it the way broken receivers and attackers do.</summary>
public static class NmeaMutations
{
    private static readonly byte[][] InterestingFields = new[]
    {
        "", "0", "-0", "00", "-", "+", ".", "..", "1.", ".5", "-1", "+1", "1e5", "0x10", "NaN", "Infinity", "9", "99", "999999",
        "99999999999999999999", "18446744073709551616", "4807.038", "9000.000", "9000.0001", "18000.000", "18000.0001",
        "8959.9999999", "-4807.038", "6000.000", "4860.000", "000000", "235959.99", "235960", "240000", "120000.000000001",
        "000000.00", "999999.99", "290206", "010100", "311299", "300220", "000000", "991231", "2000", "1980", "1970", "9999",
        "N", "S", "E", "W", "X", "n", "A", "V", "D", "E", "F", "M", "N", "P", "R", "S", "0", "1", "2", "3", "4", "5", "6", "7",
        "8", "9", "T", "K", "GPGGA", "GNRMC", "GPGSV", "PGRMT", "AIVDM", "1.0E+3", " 1", "1 ", "\t", "*", "$", "12*34",
    }.Select(Encoding.ASCII.GetBytes).ToArray();

    /// <summary>Replaces one field of a sentence with an interesting value; usually recomputes the checksum so the value reaches the parser.</summary>
    public static void ChangeField(List<byte> b, Random r)
    {
        if (!Sentences.TryPick(b, r, out var start, out var end))
        {
            return;
        }

        var fields = Sentences.FieldBounds(b, start, end);
        var (from, to) = fields[r.Next(1, Math.Max(2, fields.Count))  % fields.Count];
        var value = r.Next(8) == 0 ? RandomText(r, r.Next(1, 24)) : InterestingFields[r.Next(InterestingFields.Length)];
        b.RemoveRange(from, to - from);
        b.InsertRange(from, value);
        if (r.Next(8) != 0)
        {
            Sentences.FixChecksum(b, start);
        }
    }

    /// <summary>Inserts a long field (80–400 characters) and recomputes the checksum.</summary>
    public static void HugeField(List<byte> b, Random r)
    {
        if (!Sentences.TryPick(b, r, out var start, out var end))
        {
            return;
        }

        var fields = Sentences.FieldBounds(b, start, end);
        var (from, _) = fields[r.Next(fields.Count)];
        var fill = (byte)"0123456789.,A-"[r.Next(14)];
        b.InsertRange(from, Enumerable.Repeat(fill, r.Next(80, 400)));
        Sentences.FixChecksum(b, start);
    }

    /// <summary>Adds or removes a comma (a field appears or two merge) and recomputes the checksum.</summary>
    public static void ShiftFields(List<byte> b, Random r)
    {
        if (!Sentences.TryPick(b, r, out var start, out var end) || end - start < 2)
        {
            return;
        }

        var at = r.Next(start + 1, end);
        if (b[at] == (byte)',' && r.Next(2) == 0)
        {
            b.RemoveAt(at);
        }
        else
        {
            b.Insert(at, (byte)',');
        }

        Sentences.FixChecksum(b, start);
    }

    /// <summary>Breaks the checksum: wrong digit, lower case, non-hex, one digit, or gone.</summary>
    public static void BreakChecksum(List<byte> b, Random r)
    {
        if (!Sentences.TryPick(b, r, out var start, out var end))
        {
            return;
        }

        var star = Sentences.Star(b, start, end);
        if (star < 0)
        {
            return;
        }

        switch (r.Next(5))
        {
            case 0 when star + 1 < end:
                b[star + 1] = (byte)"0123456789ABCDEF"[r.Next(16)];
                break;
            case 1 when star + 2 < end:
                b[star + 2] = (byte)char.ToLowerInvariant((char)b[star + 2]);
                break;
            case 2 when star + 1 < end:
                b[star + 1] = (byte)'G';
                break;
            case 3 when star + 2 < end:
                b.RemoveAt(star + 2);
                break;
            default:
                b.RemoveRange(star, end - star);
                break;
        }
    }

    /// <summary>Recomputes the checksum of every sentence, so earlier byte-level damage reaches the field parsers.</summary>
    public static void FixAllChecksums(List<byte> b)
    {
        ArgumentNullException.ThrowIfNull(b);
        for (var i = 0; i < b.Count; i++)
        {
            if (b[i] is (byte)'$' or (byte)'!')
            {
                Sentences.FixChecksum(b, i);
            }
        }
    }

    /// <summary>Removes a CR and/or LF, so two sentences run together.</summary>
    public static void DropLineEnd(List<byte> b, Random r)
    {
        if (b.Count == 0)
        {
            return;
        }

        var from = r.Next(b.Count);
        for (var i = from; i < b.Count; i++)
        {
            if (b[i] is (byte)'\r' or (byte)'\n')
            {
                var both = r.Next(2) == 0 && i + 1 < b.Count && b[i + 1] == (byte)'\n';
                b.RemoveRange(i, both ? 2 : 1);
                return;
            }
        }
    }

    /// <summary>Repeats a whole sentence (with its line end) elsewhere, or moves it: duplicates, late and out-of-order sentences.</summary>
    public static void RepeatSentence(List<byte> b, Random r, int maxLength)
    {
        if (!Sentences.TryPick(b, r, out var start, out var end))
        {
            return;
        }

        while (end < b.Count && b[end] is (byte)'\r' or (byte)'\n')
        {
            end++;
        }

        var sentence = b.GetRange(start, end - start);
        if (r.Next(3) == 0)
        {
            b.RemoveRange(start, end - start);
        }
        else if (b.Count + sentence.Count > maxLength)
        {
            return;
        }

        var at = Sentences.LineStartNear(b, r.Next(b.Count + 1));
        b.InsertRange(at, sentence);
    }

    private static byte[] RandomText(Random r, int length)
    {
        var text = new byte[length];
        for (var i = 0; i < length; i++)
        {
            text[i] = (byte)r.Next(0x20, 0x7F);
        }

        return text;
    }
}
