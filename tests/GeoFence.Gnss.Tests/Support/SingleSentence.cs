using System.Text;
using GeoFence.Gnss.Nmea;

namespace GeoFence.Gnss.Tests.Support;

/// <summary>Runs our checksum, address and field validation on one sentence text (no epochs).</summary>
public static class SingleSentence
{
    internal static bool TryDecode(string sentence, out NmeaSentenceType type, out SentenceData data)
    {
        data = SentenceData.Empty;
        type = default;
        var bytes = Encoding.Latin1.GetBytes(sentence);
        if (NmeaChecksum.Verify(bytes, out var star) != NmeaChecksum.Result.Valid)
        {
            return false;
        }

        var fields = new NmeaFields(bytes.AsSpan(1, star - 1), new int[bytes.Length + 2]);
        return NmeaAddress.Classify(bytes[0], fields[0], out _, out type) == NmeaAddress.Kind.Supported
            && NmeaSentenceDecoder.TryParse(type, fields, ref data);
    }
}
