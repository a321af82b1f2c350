using System.Text;
using GeoFence.Gnss.Nmea;
using GeoFence.Gnss.Tests.Support;

namespace GeoFence.Gnss.Tests;

/// <summary>
/// The decode fast paths against their plain meaning: the lexer's one-pass scan (end, checksum XOR, field starts) in
/// any chunking and at every length around its 16/32-byte blocks, the hashed talker/type tables, the checksum digit table.
/// </summary>
public sealed class FastPathTests
{
    private static readonly string[] Talkers = ["GP", "GN", "GL", "GA", "GB", "BD", "QZ", "GQ", "GI", "PQ"];
    private static readonly string[] Types = ["GGA", "RMC", "GLL", "GNS", "GSA", "GSV", "GST", "VTG", "ZDA"];

    private static readonly string Stream =
        TestNmea.Gga("120000.00")
        + TestNmea.Sentence("GPGSV,3,1,12,01,40,083,46,02,17,308,41,12,07,344,39,14,22,228,45")
        + TestNmea.Sentence("GPGSV,3,2,12,15,40,083,46,16,17,308,,17,07,344,39,18,22,228,45,1")
        + TestNmea.Sentence("GPGSV,3,3,12,19,91,083,46") // elevation 91: rejected whole
        + TestNmea.Sentence("GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1")
        + "$GPGGA,120000.00,4807.0381,N*00\r\n" // wrong checksum
        + TestNmea.Rmc("120000.00", "231120")
        + TestNmea.Sentence("GPTXT,01,01,02,u-blox ag - www.u-blox.com")
        + TestNmea.Gga("120001.00", lat: "4807.1234")
        + TestNmea.Rmc("120001.00", "231120", lat: "4807.1234")
        + TestNmea.Gga("120002.00", lat: "4807.5678")
        + TestNmea.Rmc("120002.00", "231120", lat: "4807.5678");

    [Fact]
    public void Every_split_point_gives_the_fixes_and_counters_of_the_whole_stream()
    {
        var bytes = TestNmea.Bytes(Stream);
        var (expectedFixes, expectedCounters) = Decode(bytes, [bytes.Length]);
        Assert.Equal(3, expectedFixes.Count);
        Assert.Equal(1, expectedCounters[(int)GnssCounter.RejectedChecksumWrong]);
        Assert.Equal(1, expectedCounters[(int)GnssCounter.RejectedInvalidField]);
        Assert.Equal(2, expectedCounters[(int)GnssCounter.AcceptedGsv]);

        for (var split = 0; split <= bytes.Length; split++)
        {
            var (fixes, counters) = Decode(bytes, [split, bytes.Length - split]);
            Assert.Equal(expectedFixes, fixes);
            Assert.Equal(expectedCounters, counters);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Any_chunk_size_gives_the_fixes_and_counters_of_the_whole_stream(int chunk)
    {
        var bytes = TestNmea.Bytes(Stream);
        var expected = Decode(bytes, [bytes.Length]);
        var sizes = Enumerable.Repeat(chunk, (bytes.Length / chunk) + 1).ToArray();
        var actual = Decode(bytes, sizes);
        Assert.Equal(expected.Fixes, actual.Fixes);
        Assert.Equal(expected.Counters, actual.Counters);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(47)]
    [InlineData(64)]
    [InlineData(120)]
    [InlineData(200)]
    public void A_sentence_of_exactly_the_cap_is_decoded_and_one_byte_more_is_too_long(int cap)
    {
        foreach (var (length, tooLong) in new[] { (cap - 1, false), (cap, false), (cap + 1, true), (cap + 40, true) })
        {
            // "$GPTXT,<padding>*hh": a well-formed sentence of a type that is counted, not decoded.
            var padding = new string('x', length - "$GPTXT,*hh".Length);
            var sentence = TestNmea.Sentence("GPTXT," + padding);
            Assert.Equal(length + 2, sentence.Length);
            var decoder = new GnssDecoder(
                new GnssOptions { MaxSentenceLength = cap, MinimumPlausibleDate = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) },
                new CountingSink());
            decoder.Feed(TestNmea.Bytes(sentence + TestNmea.Sentence("GPTXT,1")), 0); // and a short one after it
            decoder.Complete();

            Assert.Equal(tooLong ? 1 : 0, decoder.Counters[GnssCounter.RejectedTooLong]);
            Assert.Equal(tooLong ? 1 : 2, decoder.Counters[GnssCounter.RejectedUnsupportedType]);
        }
    }

    [Theory]
    [InlineData("GPGGA,120000.00,4807.0381,N,01131.0002,E,1,08,0.9,545.4,M,46.9,M,,")]
    [InlineData("GPGSV,3,1,12,01,40,083,46,02,17,308,41,12,07,344,39,14,22,228,45")]
    [InlineData("GPZDA,120000.00,23,11,2020,,")]
    public void Any_changed_or_inserted_byte_of_the_body_fails_the_checksum(string body)
    {
        var good = TestNmea.Sentence(body);
        for (var i = 1; i < good.Length - 5; i++)
        {
            foreach (var changed in new[]
                     {
                         good[..i] + (char)(good[i] ^ 0x01) + good[(i + 1)..],
                         good[..i] + ',' + good[i..],
                         good[..i] + good[(i + 1)..],
                     })
            {
                if (changed[i] is '$' or '*' || changed[..(changed.Length - 5)].Contains('*', StringComparison.Ordinal))
                {
                    continue;
                }

                var decoder = new GnssDecoder(TestNmea.Options(), new CountingSink());
                decoder.Feed(TestNmea.Bytes(changed), 0);
                decoder.Complete();
                Assert.Equal(1, decoder.Counters[GnssCounter.RejectedChecksumWrong]);
            }
        }
    }

    [Fact]
    public void Field_starts_from_the_lexer_match_a_plain_split()
    {
        foreach (var body in new[] { "GPGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1", "GPGSV,1,1,00", ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,," })
        {
            var sentence = TestNmea.Sentence(body).TrimEnd();
            var sink = new FieldsHandler();
            var lexer = new Lexing.FrameLexer(120, 9216, new GnssCounters(), sink);
            lexer.Feed(TestNmea.Bytes(sentence + "\r\n"), 0);

            var expected = body.Split(',');
            Assert.Equal(expected, sink.Fields);
        }
    }

    [Fact]
    public void Mode_letter_table_maps_exactly_the_mode_letters()
    {
        var expected = new Dictionary<char, int> { ['N'] = 0, ['A'] = 1, ['D'] = 2, ['P'] = 3, ['R'] = 4, ['F'] = 5, ['E'] = 6, ['M'] = 7, ['S'] = 8 };
        for (var b = 0; b < 256; b++)
        {
            Assert.Equal(expected.GetValueOrDefault((char)b, -1), NmeaFieldRules.QualityOfModeLetter((byte)b));
        }
    }

    [Fact]
    public void Talker_and_type_tables_accept_exactly_the_supported_addresses()
    {
        var letters = Enumerable.Range('A', 26).Select(c => (char)c).Append('0').Append('\u00C7').ToArray();
        foreach (var a in letters)
        {
            foreach (var b in letters)
            {
                var talker = $"{a}{b}";
                var kind = NmeaAddress.Classify((byte)'$', Encoding.Latin1.GetBytes(talker + "GGA"), out var index, out _);
                var expected = Talkers.Contains(talker) ? NmeaAddress.Kind.Supported
                    : a == 'P' ? NmeaAddress.Kind.Proprietary : NmeaAddress.Kind.UnsupportedTalker;
                Assert.Equal(expected, kind);
                Assert.Equal(expected == NmeaAddress.Kind.Supported ? Array.IndexOf(Talkers, talker) : -1, index);

                foreach (var c in letters)
                {
                    var type = $"{a}{b}{c}";
                    kind = NmeaAddress.Classify((byte)'$', Encoding.Latin1.GetBytes("GP" + type), out _, out var parsed);
                    var known = Array.IndexOf(Types, type);
                    Assert.Equal(known >= 0 ? NmeaAddress.Kind.Supported : NmeaAddress.Kind.UnsupportedType, kind);
                    if (known >= 0)
                    {
                        Assert.Equal((NmeaSentenceType)known, parsed);
                    }
                }
            }
        }
    }

    [Fact]
    public void Checksum_digits_are_exactly_hex_digits_of_either_case()
    {
        const string Body = "GPGGA,120000.00,,,,,0,00,,,M,,M,,";
        var sum = Body.Aggregate(0, (x, c) => x ^ c);
        for (var b = 0; b < 256; b++)
        {
            foreach (var high in new[] { true, false })
            {
                var other = high ? (sum & 0x0F).ToString("X", System.Globalization.CultureInfo.InvariantCulture) : (sum >> 4).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
                var bytes = Encoding.Latin1.GetBytes("$" + Body + "*" + (high ? "?" + other : other + "?"));
                bytes[^(high ? 2 : 1)] = (byte)b;
                var digit = (char)b;
                var isHex = digit is >= '0' and <= '9' or >= 'A' and <= 'F' or >= 'a' and <= 'f';
                var value = isHex ? Convert.ToInt32(digit.ToString(), 16) : -1;
                var expected = !isHex ? NmeaChecksum.Result.Malformed
                    : value == (high ? sum >> 4 : sum & 0x0F) ? NmeaChecksum.Result.Valid : NmeaChecksum.Result.Wrong;
                Assert.Equal(expected, NmeaChecksum.Verify(bytes, out _));
            }
        }
    }

    [Theory]
    [InlineData("0000.0000", "N", true, 0.0)]
    [InlineData("9000.0000", "N", true, 90.0)]
    [InlineData("8959.999999999999", "S", true, -(89 + (59.999999999999 / 60)))]
    [InlineData("4807.", "N", true, 48 + (7.0 / 60))]
    [InlineData("123", "N", true, 1 + (23.0 / 60))]
    [InlineData("4807.038123456789", "N", true, 48 + (7.038123456789 / 60))]
    [InlineData("18000.0", "E", false, 180.0)]
    [InlineData("00000.00001", "W", false, -(0.00001 / 60))]
    [InlineData("01131.0002", "E", false, 11 + (31.0002 / 60))]
    [InlineData("9000.0001", "N", true, double.NaN)]
    [InlineData("9100", "N", true, double.NaN)]
    [InlineData("8960.0", "N", true, double.NaN)]
    [InlineData("480", "N", true, double.NaN)]
    [InlineData("4807.0381234567890", "N", true, double.NaN)]
    [InlineData("48", "N", true, double.NaN)]
    [InlineData("48071.0", "N", true, double.NaN)]
    [InlineData("18000.00001", "E", false, double.NaN)]
    [InlineData("180000.0", "E", false, double.NaN)]
    [InlineData("4807.12a4", "N", true, double.NaN)]
    [InlineData("48a7.0", "N", true, double.NaN)]
    [InlineData("4807a.0", "E", false, double.NaN)]
    [InlineData("4807.0.1", "N", true, double.NaN)]
    [InlineData("-4807.0", "N", true, double.NaN)]
    [InlineData("+4807.0", "N", true, double.NaN)]
    [InlineData(".5", "N", true, double.NaN)]
    [InlineData("4807.0", "E", true, double.NaN)]
    [InlineData("4807.0", "N", false, double.NaN)]
    [InlineData("4807.0", "", true, double.NaN)]
    [InlineData("", "N", true, double.NaN)]
    [InlineData("4807.0", "NN", true, double.NaN)]
    public void Coordinate_walk_accepts_exactly_ddmm_fields_in_range(string value, string hemisphere, bool latitude, double expected)
    {
        var ok = NmeaNumber.TryParseCoordinate(Encoding.Latin1.GetBytes(value), Encoding.Latin1.GetBytes(hemisphere), latitude, out var degrees);
        Assert.Equal(!double.IsNaN(expected), ok);
        if (ok)
        {
            Assert.Equal(expected, degrees, 14);
        }
    }

    private static (List<Fix> Fixes, long[] Counters) Decode(byte[] bytes, int[] chunks)
    {
        var sink = new CollectingSink();
        var decoder = new GnssDecoder(TestNmea.Options(), sink);
        var at = 0;
        foreach (var size in chunks)
        {
            var take = Math.Min(size, bytes.Length - at);
            decoder.Feed(bytes.AsSpan(at, take), 0);
            at += take;
        }

        decoder.Complete();
        var counters = Enum.GetValues<GnssCounter>().Select(c => decoder.Counters[c]).ToArray();
        return (sink.Fixes, counters);
    }

    private sealed class FieldsHandler : Lexing.IFrameHandler
    {
        public List<string> Fields { get; } = [];

        public void OnNmeaSentence(ReadOnlySpan<byte> sentence, ReadOnlySpan<int> fieldStarts, int xorAfterLead, long firstByteTimestamp)
        {
            var fields = NmeaFields.FromScan(sentence, fieldStarts);
            for (var i = 0; i < fields.Count; i++)
            {
                Fields.Add(Encoding.Latin1.GetString(fields[i]));
            }
        }

        public void OnUbxFrame(byte messageClass, byte messageId, ReadOnlySpan<byte> payload, long firstByteTimestamp)
        {
        }
    }
}
