using System.Text;
using GeoFence.Gnss.Lexing;
using GeoFence.Gnss.Nmea;

namespace GeoFence.Gnss.Tests.Support;

/// <summary>Runs our checksum, address and field validation on one sentence text (no epochs).</summary>
public static class SingleSentence
{
    internal static bool TryDecode(string sentence, out NmeaSentenceType type, out SentenceData data)
    {
        data = SentenceData.Empty;
        type = default;
        var bytes = Encoding.Latin1.GetBytes(sentence.TrimEnd('\r', '\n'));
        if (NmeaChecksum.Verify(bytes, out var star) != NmeaChecksum.Result.Valid || star != bytes.Length - 3)
        {
            return false;
        }

        // Field starts as the lexer finds them (a sentence the lexer would cut short is not decoded).
        var scanner = new SentenceScanner(bytes.Length);
        scanner.Begin();
        if (scanner.Scan(bytes.AsSpan(1), bytes.Length, 1) >= 0)
        {
            return false;
        }

        var fields = NmeaFields.FromScan(bytes, scanner.FieldStarts(bytes.Length));
        return NmeaAddress.Classify(bytes[0], fields[0], out _, out type) == NmeaAddress.Kind.Supported
            && NmeaSentenceDecoder.TryParse(type, fields, ref data);
    }
}
