using System.Text;
using GeoFence.Gnss.Lexing;
using GeoFence.Gnss.Nmea;
using GeoFence.Gnss.Tests.Support;

namespace GeoFence.Gnss.Tests;

/// <summary>
/// The word-wide field reads (several digits per integer operation) against the byte-by-byte parsers and plain rules:
/// every length, a bad byte in every lane, garbage in the lanes after the field, and the field at every distance
/// from the end of the sentence, with the sentence's last byte right before a page that cannot be read.
/// </summary>
public sealed class SwarFieldTests : IDisposable
{
    private static readonly byte[] BadBytes = [(byte)'/', (byte)':', (byte)'.', (byte)',', (byte)'-', (byte)'+', (byte)' ', (byte)'*', (byte)'a', 0x00, 0x7F, 0x80, 0xB9, 0xFF];
    private static readonly byte[] Garbage = [(byte)',', (byte)'*', 0x00, 0xFF, (byte)'9', 0x8A];

    /// <summary>What may follow the field under test up to the checksum: nothing, empty fields, more values.</summary>
    private static readonly string[] Tails = ["", ",", ",,", ",1", ",12", ",1.5,M", ",123456789", ",N,01131.000,E"];

    private readonly GuardedMemory? _memory = GuardedMemory.IsSupported ? new GuardedMemory() : null;

    public void Dispose() => _memory?.Dispose();

    [Fact]
    public void Word_reads_assume_a_little_endian_process() =>
        Assert.True(BitConverter.IsLittleEndian, "lane k of a loaded word is byte k only on little-endian processes");

    [Fact]
    public void Four_lane_words_read_1_to_4_digits_and_reject_a_bad_byte_in_any_lane()
    {
        for (var length = 1; length <= 4; length++)
        {
            foreach (var garbage in Garbage)
            {
                foreach (var (text, expected) in Candidates(length))
                {
                    var word = Word(text, 4, garbage);
                    Assert.Equal(expected ?? -7, SwarDigits.Parse4((uint)word, length, -7));
                    Assert.Equal(expected is not null, SwarDigits.TryParse4((uint)word, length, out var value));
                    Assert.Equal(expected ?? -1, value);
                }
            }
        }
    }

    [Fact]
    public void Eight_lane_words_read_1_to_8_digits_and_reject_a_bad_byte_in_any_lane()
    {
        for (var length = 1; length <= 8; length++)
        {
            foreach (var garbage in Garbage)
            {
                foreach (var (text, expected) in Candidates(length))
                {
                    Assert.Equal(expected is not null, SwarDigits.TryParse8(Word(text, 8, garbage), length, out var value));
                    Assert.Equal(expected is null ? 0u : (uint)expected, value);
                }
            }
        }
    }

    [Fact]
    public void Decimal_fields_read_in_place_match_the_byte_parser_at_every_distance_from_the_end()
    {
        var checkedFields = 0;
        foreach (var value in DecimalCandidates())
        {
            foreach (var tail in Tails)
            {
                var fields = Fields($"GPXXX,{value}{tail}", out var sentence);
                var field = TestNmea.Bytes(value);
                var inPlace = fields.TryOptionalDecimal(1, out var parsed);
                Assert.True(NmeaNumber.TryParseOptional(field, out var expected) == inPlace, value + tail);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(parsed), value + tail);

                inPlace = fields.TryOptionalDecimalInRange(1, 999.99, out parsed);
                Assert.True(NmeaNumber.TryParseOptionalInRange(field, 999.99, out expected) == inPlace, value + tail);
                Assert.True(!inPlace || BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(parsed), value + tail);
                GC.KeepAlive(sentence);
                checkedFields++;
            }
        }

        Assert.True(checkedFields > 10_000);
    }

    [Fact]
    public void Coordinates_read_in_place_match_the_byte_parser_at_every_distance_from_the_end()
    {
        foreach (var latitude in CoordinateCandidates(4))
        {
            foreach (var ns in new[] { "N", "S", "", "E", "NN" })
            {
                foreach (var tail in Tails)
                {
                    AssertPosition(latitude, ns, "01131.000", "E", tail);
                }
            }
        }

        foreach (var longitude in CoordinateCandidates(5))
        {
            foreach (var ew in new[] { "E", "W", "", "N" })
            {
                foreach (var tail in Tails)
                {
                    AssertPosition("4807.038", "N", longitude, ew, tail);
                }
            }
        }
    }

    [Fact]
    public void Satellite_groups_follow_their_rules_with_the_last_field_at_the_end_of_the_sentence()
    {
        string[] values = ["", "0", "00", "000", "0000", "1", "01", "001", "9", "90", "91", "090", "99", "100", "360", "361", "0360", "999", "1000", "4a", "a4", "-1", "1.", ".1", " 1", "/", ":", "1:", "1/2"];
        for (var position = 0; position < 4; position++)
        {
            foreach (var value in values)
            {
                string[] group = ["28", "14", "150", "41"];
                group[position] = value;
                var digits = value.Length == 0 || value.All(char.IsAsciiDigit);
                var expected = digits && position switch
                {
                    0 => value.Length == 0 || (value.Length <= 3 && int.Parse(value) != 0),
                    1 => value.Length == 0 || (value.Length <= 2 && int.Parse(value) <= 90),
                    2 => value.Length == 0 || (value.Length <= 3 && int.Parse(value) <= 360),
                    _ => value.Length <= 2,
                };

                var tested = string.Join(',', group);
                string[] bodies =
                [
                    $"GPGSV,1,1,01,{tested}",
                    $"GPGSV,1,1,02,05,40,083,46,{tested}",
                    $"GPGSV,1,1,02,{tested},05,40,083,",
                    $"GPGSV,1,1,04,05,40,083,46,06,41,084,47,07,42,085,48,{tested}",
                    $"GPGSV,1,1,04,{tested},05,40,083,46,06,41,084,47,07,42,085,48",
                    $"GPGSV,1,1,04,05,,,,06,,,,{tested},07,42,085,48",
                ];
                foreach (var body in bodies)
                {
                    var fields = Fields(body, out _);
                    Assert.Equal(expected, fields.AreValidSatellites(4, (fields.Count - 4) / 4));
                }
            }
        }
    }

    [Fact]
    public void Short_integer_fields_read_in_place_at_the_end_of_the_sentence()
    {
        foreach (var value in new[] { "", "0", "7", "12", "123", "1234", "12345", "1a", "a", "/", ":", "-1", "1.", " " })
        {
            for (var maxDigits = 1; maxDigits <= 4; maxDigits++)
            {
                var fields = Fields($"GPXXX,{value}", out _);
                var valid = value.Length == 0 || (value.Length <= maxDigits && value.All(char.IsAsciiDigit));
                Assert.Equal(valid, fields.TryOptionalDigits(1, maxDigits, out var parsed));
                Assert.Equal(valid && value.Length > 0 ? int.Parse(value) : -1, parsed);
            }
        }
    }

    private void AssertPosition(string latitude, string ns, string longitude, string ew, string tail)
    {
        var fields = Fields($"GPGLL,{latitude},{ns},{longitude},{ew}{tail}", out _);
        var data = SentenceData.Empty;
        var expected = NmeaNumber.TryParseCoordinate(TestNmea.Bytes(latitude), TestNmea.Bytes(ns), true, out var lat)
            & NmeaNumber.TryParseCoordinate(TestNmea.Bytes(longitude), TestNmea.Bytes(ew), false, out var lon)
            && double.IsNaN(lat) == double.IsNaN(lon);
        Assert.Equal(expected, fields.TryPosition(1, ref data));
        if (expected)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(lat), BitConverter.DoubleToInt64Bits(data.Latitude));
            Assert.Equal(BitConverter.DoubleToInt64Bits(lon), BitConverter.DoubleToInt64Bits(data.Longitude));
        }
    }

    /// <summary>Fields of "$body*00" placed right before an unreadable page, as the lexer's scan splits them.</summary>
    private NmeaFields Fields(string body, out byte[] copy)
    {
        copy = Encoding.Latin1.GetBytes($"${body}*00");
        var sentence = _memory is null ? copy : _memory.AtEnd(copy);
        var scanner = new SentenceScanner(copy.Length);
        scanner.Begin();
        Assert.Equal(-1, scanner.Scan(sentence[1..], sentence.Length, 1));
        return NmeaFields.FromScan(sentence, scanner.FieldStarts(sentence.Length));
    }

    /// <summary><paramref name="text"/> in the low lanes of a word of <paramref name="lanes"/> bytes, garbage after it.</summary>
    private static ulong Word(byte[] text, int lanes, byte garbage)
    {
        ulong word = 0;
        for (var lane = lanes - 1; lane >= 0; lane--)
        {
            word = (word << 8) | (lane < text.Length ? text[lane] : garbage);
        }

        return word;
    }

    /// <summary>Fields of <paramref name="length"/> bytes: digit patterns (value) and a bad byte in each lane (null).</summary>
    private static IEnumerable<(byte[] Text, int? Value)> Candidates(int length)
    {
        foreach (var pattern in new[] { "12345678", "00000000", "99999999", "90817263", "00000001", "10000000" })
        {
            var text = pattern[..length];
            yield return (TestNmea.Bytes(text), int.Parse(text));
        }

        for (var lane = 0; lane < length; lane++)
        {
            foreach (var bad in BadBytes)
            {
                var text = TestNmea.Bytes("98765432"[..length]);
                text[lane] = bad;
                yield return (text, null);
            }
        }
    }

    /// <summary>Decimal field texts: 1..12 digits with a '.' anywhere or none, signs, a bad byte anywhere.</summary>
    private static IEnumerable<string> DecimalCandidates()
    {
        yield return "";
        yield return ".";
        yield return "-";
        yield return "+";
        yield return "1..2";
        yield return "..1";
        for (var length = 1; length <= 12; length++)
        {
            var digits = "908172635445"[..length];
            yield return digits;
            yield return "-" + digits;
            yield return "+" + digits;
            for (var dot = 0; dot <= length; dot++)
            {
                var withDot = digits.Insert(dot, ".");
                yield return withDot;
                yield return "-" + withDot;
                foreach (var bad in new[] { '/', ':', 'e', ' ', '.', '~' })
                {
                    for (var at = 0; at < withDot.Length; at++)
                    {
                        yield return withDot[..at] + bad + withDot[(at + 1)..];
                    }
                }
            }
        }
    }

    /// <summary>Coordinate texts: 1..6 integer digits, 0..13 fraction digits, a bad byte anywhere.</summary>
    private static IEnumerable<string> CoordinateCandidates(int integerDigits)
    {
        yield return "";
        yield return ".";
        foreach (var integer in new[] { "4807", "48", "480", "48071", "480712", "9000", "9001", "8959", "4860", "0000", "18000", "17959", "18001", "00000" })
        {
            for (var fraction = -1; fraction <= 13; fraction++)
            {
                var text = fraction < 0 ? integer : integer + "." + "0381234567891"[..Math.Min(fraction, 13)] + (fraction > 13 ? "1" : "");
                yield return text;
                if (integer.Length == integerDigits && fraction is 0 or 3 or 5 or 8 or 9 or 12 or 13)
                {
                    for (var at = 0; at < text.Length; at++)
                    {
                        foreach (var bad in new[] { '/', ':', '.', '-' })
                        {
                            yield return text[..at] + bad + text[(at + 1)..];
                        }
                    }
                }
            }
        }
    }
}
