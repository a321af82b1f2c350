using System.Text.RegularExpressions;
using GeoFence.Gnss.Nmea;
using GeoFence.Gnss.Tests.Support;

namespace GeoFence.Gnss.Tests;

/// <summary>
/// The in-place numeric field paths (GSV/GSA satellites, GGA quality/satellites/station, decimals with the digit count
/// checked once) against plain rules written out here: every candidate value, in every position, is accepted exactly
/// when the rule says so, through the whole decoder (lexer scan included).
/// </summary>
public sealed partial class NumericFieldTests
{
    private static readonly string[] Candidates =
    [
        "", "0", "00", "000", "0000", "1", "01", "001", "9", "48", "84", "77", "90", "91", "090", "99", "100", "359",
        "360", "361", "0360", "999", "1000", "1023", "1024", "4a", "a4", "-1", "+1", "1.", ".1", " 1", "1 ", "/", ":",
        "1/", "1:", "/1", ":1", "12/", "12:", "1:2",
    ];

    public static TheoryData<int, string> GsvFields()
    {
        var data = new TheoryData<int, string>();
        for (var position = 0; position < 4; position++)
        {
            foreach (var candidate in Candidates)
            {
                data.Add(position, candidate);
            }
        }

        return data;
    }

    public static TheoryData<string> Values() => new(Candidates);

    [Theory]
    [MemberData(nameof(GsvFields))]
    public void Gsv_satellite_fields_follow_their_rules(int position, string value)
    {
        string[] group = ["28", "14", "150", "41"];
        group[position] = value;
        var body = $"GPGSV,2,1,08,{string.Join(',', group)},05,40,083,46";
        var expected = position switch
        {
            0 => value.Length == 0 || (IsDigits(value, 3) && int.Parse(value) != 0),
            1 => value.Length == 0 || (IsDigits(value, 2) && int.Parse(value) <= 90),
            2 => value.Length == 0 || (IsDigits(value, 3) && int.Parse(value) <= 360),
            _ => value.Length == 0 || IsDigits(value, 2),
        };
        Assert.Equal(expected, Accepted(body));

        // The same group as the last one of the sentence (its fields end at the checksum).
        Assert.Equal(expected, Accepted($"GPGSV,2,1,08,05,40,083,46,{string.Join(',', group)}"));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Gsv_header_fields_follow_their_rules(string value)
    {
        Assert.Equal(IsDigits(value, 1) && int.Parse(value) >= 1, Accepted($"GPGSV,{value},1,08,28,14,150,41"));
        Assert.Equal(IsDigits(value, 1) && int.Parse(value) is >= 1 and <= 3, Accepted($"GPGSV,3,{value},08,28,14,150,41"));
        Assert.Equal(IsDigits(value, 3), Accepted($"GPGSV,1,1,{value},28,14,150,41"));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Gsa_fields_follow_their_rules(string value)
    {
        var id = value.Length == 0 || (IsDigits(value, 3) && int.Parse(value) != 0);
        Assert.Equal(id, Accepted($"GPGSA,A,3,{value},05,,09,12,,,24,,,,,2.5,1.3,2.1"));
        Assert.Equal(id, Accepted($"GPGSA,A,3,04,05,,09,12,,,24,,,,{value},2.5,1.3,2.1"));
        Assert.Equal(IsDigits(value, 1) && int.Parse(value) is >= 1 and <= 3, Accepted($"GPGSA,A,{value},04,05,,09,12,,,24,,,,,2.5,1.3,2.1"));
        Assert.Equal(value.Length == 0 || (IsDigits(value, 2) && int.Parse(value) <= 15), Accepted($"GNGSA,A,3,04,05,,09,12,,,24,,,,,2.5,1.3,2.1,{value}"));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Gga_integer_fields_follow_their_rules(string value)
    {
        Assert.Equal(IsDigits(value, 1) && int.Parse(value) <= 8, Accepted(Gga(quality: value)));
        Assert.Equal(value.Length == 0 || IsDigits(value, 3), Accepted(Gga(satellites: value)));
        Assert.Equal(value.Length == 0 || (IsDigits(value, 4) && int.Parse(value) <= 1023), Accepted(Gga(station: value)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("-.")]
    [InlineData("+1.5")]
    [InlineData("-0.0")]
    [InlineData("1.5.0")]
    [InlineData("1-5")]
    [InlineData("--1")]
    [InlineData("545.4")]
    [InlineData("123456789012345678")]
    [InlineData("1234567890123456789")]
    [InlineData("-123456789012345678")]
    [InlineData("12345678901234567.8")]
    [InlineData("1234567890123456.789")]
    [InlineData(".123456789012345678")]
    [InlineData(".1234567890123456789")]
    [InlineData("99999999999999999999999")]
    [InlineData("1e5")]
    public void Decimal_fields_take_at_most_18_digits_of_plain_syntax(string value)
    {
        var match = DecimalSyntax().Match(value);
        var digits = value.Count(char.IsAsciiDigit);
        var expected = value.Length == 0 || (match.Success && digits is >= 1 and <= 18);
        Assert.Equal(expected, Accepted(Gga(altitude: value)));
    }

    [Theory]
    [InlineData("", true, -1, -1, -1)]
    [InlineData("231120", true, 23, 11, 20)]
    [InlineData("010100", true, 1, 1, 0)]
    [InlineData("290220", true, 29, 2, 20)]
    [InlineData("290221", false, 0, 0, 0)]
    [InlineData("311299", true, 31, 12, 99)]
    [InlineData("310420", false, 0, 0, 0)]
    [InlineData("001120", false, 0, 0, 0)]
    [InlineData("231320", false, 0, 0, 0)]
    [InlineData("230020", false, 0, 0, 0)]
    [InlineData("23112", false, 0, 0, 0)]
    [InlineData("2311200", false, 0, 0, 0)]
    [InlineData("2a1120", false, 0, 0, 0)]
    [InlineData("23112/", false, 0, 0, 0)]
    [InlineData("23112:", false, 0, 0, 0)]
    [InlineData(":31120", false, 0, 0, 0)]
    public void Dates_are_six_digits_of_a_real_day(string field, bool valid, int day, int month, int year)
    {
        var bytes = TestNmea.Bytes(field);
        Assert.Equal(valid, NmeaNumber.TryParseDate(bytes, out var d, out var m, out var y));
        if (valid)
        {
            Assert.Equal((day, month, year), (d, m, y));
        }
    }

    [Theory]
    [InlineData("123519", 0L)]
    [InlineData("123519.", 0L)]
    [InlineData("123519.5", 5_000_000L)]
    [InlineData("123519.25", 2_500_000L)]
    [InlineData("123519.1234567", 1_234_567L)]
    [InlineData("123519.123456789", 1_234_567L)]
    [InlineData("123519.999999999", 9_999_999L)]
    public void Time_fractions_are_exact_to_the_tick(string field, long fractionTicks)
    {
        Assert.True(NmeaNumber.TryParseTime(TestNmea.Bytes(field), out var ticks));
        Assert.Equal(new TimeSpan(12, 35, 19).Ticks + fractionTicks, ticks);
    }

    [Theory]
    [InlineData("123519.1234567890")]
    [InlineData("123519.12a")]
    [InlineData("123519.1/")]
    [InlineData("123519.:")]
    [InlineData("123519,5")]
    public void Bad_time_fractions_are_rejected(string field) =>
        Assert.False(NmeaNumber.TryParseTime(TestNmea.Bytes(field), out _));

    private static string Gga(string quality = "1", string satellites = "08", string altitude = "545.4", string station = "") =>
        $"GPGGA,123519.00,4807.0381,N,01131.0002,E,{quality},{satellites},0.9,{altitude},M,46.9,M,,{station}";

    private static bool IsDigits(string value, int maxDigits) =>
        value.Length is >= 1 && value.Length <= maxDigits && value.All(char.IsAsciiDigit);

    /// <summary>Decodes the sentence through the whole decoder: accepted, or rejected for an invalid field (nothing else).</summary>
    private static bool Accepted(string body)
    {
        var (decoder, _) = TestNmea.Decoder();
        decoder.Feed(TestNmea.Bytes(TestNmea.Sentence(body)), 0);
        var rejected = decoder.Counters[GnssCounter.RejectedInvalidField];
        var accepted = Enumerable.Range((int)GnssCounter.AcceptedGga, GnssCounter.AcceptedZda - GnssCounter.AcceptedGga + 1)
            .Sum(i => decoder.Counters[(GnssCounter)i]);
        Assert.Equal(1, rejected + accepted);
        return accepted == 1;
    }

    [GeneratedRegex(@"^[+-]?[0-9]*(\.[0-9]*)?$")]
    private static partial Regex DecimalSyntax();
}
