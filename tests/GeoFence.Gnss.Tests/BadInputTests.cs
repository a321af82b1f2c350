using GeoFence.Gnss.Tests.Support;

namespace GeoFence.Gnss.Tests;

/// <summary>Every kind of bad input is a counted drop with the right reason, and the next good sentence still decodes.</summary>
public sealed class BadInputTests
{
    private static readonly string Good = TestNmea.Gga("123519.00") + TestNmea.Rmc("123519.00", "231120");

    public static TheoryData<string, string, GnssCounter> BadSentences => new()
    {
        { "garbage bytes", "\u0000\u00ffnoise\u0001\u0002 more noise ", GnssCounter.GarbageBytes },
        { "line without checksum", "$GPGGA,123518.00,4807.0381,N,01131.0002,E,1,08,0.9,545.4,M,46.9,M,,\r\n", GnssCounter.RejectedChecksumMissing },
        { "truncated line (no checksum)", "$GPGGA,123518.00,4807.03\r\n", GnssCounter.RejectedChecksumMissing },
        { "truncated by the next sentence", "$GPGGA,123518.00,4807.03", GnssCounter.RejectedTruncated },
        { "truncated by a control byte", "$GPGGA,123518.00,4807.03\u0000", GnssCounter.RejectedTruncated },
        { "wrong checksum", "$GPGGA,123518.00,4807.0381,N,01131.0002,E,1,08,0.9,545.4,M,46.9,M,,*00\r\n", GnssCounter.RejectedChecksumWrong },
        { "malformed checksum (not hex)", "$GPGGA,123518.00,4807.0381,N,01131.0002,E,1,08,0.9,545.4,M,46.9,M,,*G1\r\n", GnssCounter.RejectedChecksumMalformed },
        { "malformed checksum (one digit)", "$GPGGA,123518.00,4807.0381,N,01131.0002,E,1,08,0.9,545.4,M,46.9,M,,*1\r\n", GnssCounter.RejectedChecksumMalformed },
        { "overlong line", "$GPGGA," + new string('1', 300) + "\r\n", GnssCounter.RejectedTooLong },
        { "latitude 91", TestNmea.Gga("123518.00", lat: "9100.0000"), GnssCounter.RejectedInvalidField },
        { "latitude minutes 60", TestNmea.Gga("123518.00", lat: "4860.0000"), GnssCounter.RejectedInvalidField },
        { "longitude 181", TestNmea.Gga("123518.00", lon: "18100.0000"), GnssCounter.RejectedInvalidField },
        { "hour 24", TestNmea.Gga("240000.00"), GnssCounter.RejectedInvalidField },
        { "minute 60", TestNmea.Gga("126000.00"), GnssCounter.RejectedInvalidField },
        { "bad hemisphere", TestNmea.Gga("123518.00", ns: "X"), GnssCounter.RejectedInvalidField },
        { "hemisphere without value", TestNmea.Gga("123518.00", lat: ""), GnssCounter.RejectedInvalidField },
        { "quality 9", TestNmea.Gga("123518.00", quality: "9"), GnssCounter.RejectedInvalidField },
        { "number syntax", TestNmea.Sentence("GPGGA,123518.00,4807.0381,N,01131.0002,E,1,08,0.9,5-45.4,M,46.9,M,,"), GnssCounter.RejectedInvalidField },
        { "truncated GGA with valid checksum", TestNmea.Sentence("GPGGA,123518.00,4807.0381,N,01131.0002,E,1"), GnssCounter.RejectedInvalidField },
        { "date 31 February", TestNmea.Rmc("123518.00", "310220"), GnssCounter.RejectedInvalidField },
        { "ZDA 29 February 2021", TestNmea.Sentence("GPZDA,123518.00,29,02,2021,00,00"), GnssCounter.RejectedInvalidField },
        { "month 13", TestNmea.Rmc("123518.00", "011320"), GnssCounter.RejectedInvalidField },
        { "GSV elevation 91", TestNmea.Sentence("GPGSV,1,1,01,28,91,150,41"), GnssCounter.RejectedInvalidField },
        { "GSV azimuth 361", TestNmea.Sentence("GPGSV,1,1,01,28,14,361,41"), GnssCounter.RejectedInvalidField },
        { "GSV satellite id 0", TestNmea.Sentence("GPGSV,1,1,01,00,14,150,41"), GnssCounter.RejectedInvalidField },
        { "GSV message 2 of 1", TestNmea.Sentence("GPGSV,1,2,01,28,14,150,41"), GnssCounter.RejectedInvalidField },
        { "GSV signal id not hex", TestNmea.Sentence("GPGSV,1,1,01,28,14,150,41,X"), GnssCounter.RejectedInvalidField },
        { "GSA fix mode 4", TestNmea.Sentence("GPGSA,A,4,04,05,,09,12,,,24,,,,,2.5,1.3,2.1"), GnssCounter.RejectedInvalidField },
        { "GSA system id 16", TestNmea.Sentence("GNGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1,16"), GnssCounter.RejectedInvalidField },
        { "RMC status X", TestNmea.Sentence("GPRMC,123518.00,X,4807.0381,N,01131.0002,E,022.4,084.4,231120,003.1,W,A"), GnssCounter.RejectedInvalidField },
        { "RMC mode letter Q", TestNmea.Sentence("GPRMC,123518.00,A,4807.0381,N,01131.0002,E,022.4,084.4,231120,003.1,W,Q"), GnssCounter.RejectedInvalidField },
        { "RMC navigational status Z", TestNmea.Sentence("GPRMC,123518.00,A,4807.0381,N,01131.0002,E,022.4,084.4,231120,003.1,W,A,Z"), GnssCounter.RejectedInvalidField },
        { "GNS mode letter Q", TestNmea.Sentence("GNGNS,123518.00,4807.0381,N,01131.0002,E,AQ,12,0.9,545.4,46.9,,"), GnssCounter.RejectedInvalidField },
        { "GLL status X", TestNmea.Sentence("GPGLL,4807.0381,N,01131.0002,E,123518.00,X,A"), GnssCounter.RejectedInvalidField },
        { "VTG unit letter X", TestNmea.Sentence("GPVTG,084.4,X,,M,022.4,N,041.5,K,A"), GnssCounter.RejectedInvalidField },
        { "ZDA month 13", TestNmea.Sentence("GPZDA,123518.00,23,13,2020,00,00"), GnssCounter.RejectedInvalidField },
        { "GST negative sigma", TestNmea.Sentence("GPGST,123518.00,0.006,0.023,0.020,273.6,-0.030,0.040,0.050"), GnssCounter.RejectedInvalidField },
        { "time second 61", TestNmea.Gga("123561.00"), GnssCounter.RejectedInvalidField },
        { "unsupported talker (AIS)", "!AIVDM,1,1,,B,13aDp<PP000IwSlN?Wm@0?wN2<1T,0*29\r\n", GnssCounter.RejectedUnsupportedTalker },
        { "unsupported talker (instrument)", TestNmea.Sentence("IIMWV,214.8,R,0.1,K,A"), GnssCounter.RejectedUnsupportedTalker },
        { "unsupported type", TestNmea.Sentence("GPTXT,01,01,02,ANTSTATUS=OK"), GnssCounter.RejectedUnsupportedType },
        { "proprietary", TestNmea.Sentence("PGRME,15.0,M,45.0,M,25.0,M"), GnssCounter.ProprietarySentences },
    };

    [Theory]
    [MemberData(nameof(BadSentences))]
    public void Bad_sentence_is_counted_and_the_next_good_one_decodes(string what, string bad, GnssCounter reason)
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(bad + Good);
        decoder.Complete();

        Assert.True(decoder.Counters[reason] >= 1, $"{what}: {reason} not counted");
        Assert.Equal(1, decoder.Counters[GnssCounter.AcceptedGga]);
        var fix = Assert.Single(sink.Fixes);
        Assert.Equal(new DateTimeOffset(2020, 11, 23, 12, 35, 19, TimeSpan.Zero), fix.Time);
        Assert.Equal(48 + (7.0381 / 60), fix.Latitude!.Value, 12);
    }

    public static TheoryData<string, byte[], GnssCounter> BadFrames => new()
    {
        { "UBX bad checksum", TestFrames.NavPvt(1000, 12, 0, 0, 471290927, 152120432) is var f ? Corrupt(f) : [], GnssCounter.UbxChecksumWrong },
        { "UBX oversize length", [0xB5, 0x62, 0x01, 0x07, 0xFF, 0xFF, 1, 2, 3], GnssCounter.UbxOversize },
        { "UBX unknown message", TestFrames.Frame(0x0A, 0x04, new byte[12]), GnssCounter.UbxUnknown },
        { "RTCM3 bad CRC", TestFrames.Rtcm3(19, corruptCrc: true), GnssCounter.Rtcm3CrcWrong },
        { "RTCM3 good frame", TestFrames.Rtcm3(200), GnssCounter.Rtcm3Frames },
        { "RTCM3 bad reserved bits", [0xD3, 0xFF, 0x10, 1, 2, 3], GnssCounter.GarbageBytes },
    };

    [Theory]
    [MemberData(nameof(BadFrames))]
    public void Bad_binary_frame_is_counted_and_the_next_good_sentence_decodes(string what, byte[] frame, GnssCounter reason)
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed(frame, 0);
        decoder.Feed(Good);
        decoder.Complete();

        Assert.True(decoder.Counters[reason] >= 1, $"{what}: {reason} not counted");
        Assert.Single(sink.Fixes);
    }

    [Fact]
    public void A_false_UBX_start_in_noise_does_not_swallow_the_following_sentences()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed([0xB5, 0x62, 0x01, 0x07, 0x40, 0x00], 0); // claims 64 bytes: the sentences that follow
        decoder.Feed(Good);
        decoder.Complete();

        Assert.Equal(1, decoder.Counters[GnssCounter.UbxChecksumWrong]);
        Assert.Single(sink.Fixes);
    }

    [Fact]
    public void A_false_RTCM3_start_at_the_end_of_the_stream_is_given_up_at_Complete()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed([0xD3, 0x03, 0xFF], 0); // claims 1023 bytes
        decoder.Feed(Good);
        Assert.Empty(sink.Fixes);
        decoder.Complete();

        Assert.Single(sink.Fixes);
    }

    [Fact]
    public void A_hash_inside_noise_is_not_a_comment()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed("noise # not a comment " + Good);
        decoder.Complete();

        Assert.Equal(0, decoder.Counters[GnssCounter.CommentLines]);
        Assert.Single(sink.Fixes);
    }

    [Fact]
    public void A_comment_line_is_counted_and_a_dollar_ends_it()
    {
        var (decoder, sink) = TestNmea.Decoder();
        decoder.Feed("# Date: 2020-11-23\n#broken header " + Good);
        decoder.Complete();

        Assert.Equal(2, decoder.Counters[GnssCounter.CommentLines]);
        Assert.Single(sink.Fixes);
    }

    [Fact]
    public void Invalid_field_rejects_the_whole_sentence_never_half()
    {
        var (decoder, sink) = TestNmea.Decoder();
        // Valid position, invalid altitude unit: nothing of this GGA may reach the fix.
        decoder.Feed(TestNmea.Sentence("GPGGA,123519.00,4907.0381,N,01131.0002,E,4,08,0.9,545.4,X,46.9,M,,"));
        decoder.Feed(TestNmea.Rmc("123519.00", "231120"));
        decoder.Complete();

        var fix = Assert.Single(sink.Fixes);
        Assert.Equal(48 + (7.0381 / 60), fix.Latitude!.Value, 12);
        Assert.Equal(FixQuality.Gnss, fix.Quality);
        Assert.Null(fix.AltitudeMsl);
    }

    [Fact]
    public void Sentence_cap_is_configurable()
    {
        var sink = new CollectingSink();
        var decoder = new GnssDecoder(new GnssOptions { MaxSentenceLength = 40, MinimumPlausibleDate = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero) }, sink);
        decoder.Feed(Good);
        decoder.Complete();

        Assert.Equal(2, decoder.Counters[GnssCounter.RejectedTooLong]);
        Assert.Empty(sink.Fixes);
    }

    private static byte[] Corrupt(byte[] frame)
    {
        frame[^1] ^= 0x55;
        return frame;
    }
}
