using GeoFence.Gnss.Nmea;
using GeoFence.Gnss.Tests.Support;
using Iot.Device.Nmea0183;
using Iot.Device.Nmea0183.Sentences;
using Xunit.Abstractions;

namespace GeoFence.Gnss.Tests;

/// <summary>
/// Differential test against Iot.Device.Nmea0183 (Iot.Device.Bindings 4.2.0) on every GGA/RMC/GLL/VTG/ZDA of the corpus:
/// wherever both accept a sentence, the values must be equal. Where only one accepts, the reason is ours to know:
/// Iot accepts sentences without checksum and truncated ones; we reject out-of-range and malformed fields.
/// </summary>
public sealed class IotDifferentialTests(ITestOutputHelper output)
{
    private const double Degrees = 1e-9;

    [Fact]
    public void Values_agree_with_Iot_Device_Nmea0183_wherever_both_accept()
    {
        int compared = 0, onlyOurs = 0, onlyTheirs = 0, values = 0;
        var lines = Corpus.LogNames.Where(l => !l.StartsWith("binary/", StringComparison.Ordinal))
            .SelectMany(Corpus.SentenceLines).Distinct().ToList();
        foreach (var line in lines)
        {
            var ours = SingleSentence.TryDecode(line, out var type, out var d)
                && type is NmeaSentenceType.Gga or NmeaSentenceType.Rmc or NmeaSentenceType.Gll or NmeaSentenceType.Vtg or NmeaSentenceType.Zda;
            var theirs = Parse(line);
            if (!ours)
            {
                if (theirs is GlobalPositioningSystemFixData or RecommendedMinimumNavigationInformation or PositionFastUpdate or TrackMadeGood or TimeDate
                    && theirs.Valid && SingleSentence.TryDecode(line, out _, out _) is false && line.Length > 6 && IsSupportedTalker(line))
                {
                    onlyTheirs++;
                }

                continue;
            }

            if (theirs is null || !theirs.Valid)
            {
                onlyOurs++;
                continue;
            }

            compared++;
            values += Compare(line, type, d, theirs);
        }

        output.WriteLine($"compared {compared} sentences ({values} values); accepted only by us {onlyOurs}, only by Iot {onlyTheirs}");
        Assert.True(compared > 3000, $"only {compared} sentences compared");
        Assert.True(values > 10000, $"only {values} values compared");
    }

    private static NmeaSentence? Parse(string line)
    {
        var sentence = TalkerSentence.FromSentenceString(line, out var error);
        if (sentence is null || error != NmeaError.None)
        {
            return null;
        }

        var time = DateTimeOffset.MinValue;
        return sentence.TryGetTypedValue(ref time);
    }

    private static int Compare(string line, NmeaSentenceType type, SentenceData d, NmeaSentence theirs)
    {
        var n = 0;
        switch (theirs)
        {
            case GlobalPositioningSystemFixData gga when type == NmeaSentenceType.Gga:
                n += Same(line, "lat", d.Latitude, gga.Status == GpsQuality.NoFix ? null : gga.LatitudeDegrees, Degrees);
                n += Same(line, "lon", d.Longitude, gga.Status == GpsQuality.NoFix ? null : gga.LongitudeDegrees, Degrees);
                n += Same(line, "alt", d.AltitudeMsl, gga.Status == GpsQuality.NoFix ? null : gga.GeoidAltitude, 1e-9);
                n += Same(line, "sep", d.GeoidSeparation, gga.Status == GpsQuality.NoFix ? null : gga.Undulation, 1e-9);
                n += Same(line, "hdop", d.Hdop, double.IsNaN(d.Hdop) ? null : gga.Hdop, 1e-9);
                n += Same(line, "quality", d.Quality, (int)gga.Status, 0);
                n += SameTime(line, d, gga.DateTime);
                break;
            case RecommendedMinimumNavigationInformation rmc when type == NmeaSentenceType.Rmc:
                if (!double.IsNaN(d.Latitude))
                {
                    n += Same(line, "lat", d.Latitude, rmc.Position.Latitude, Degrees);
                    n += Same(line, "lon", d.Longitude, rmc.Position.Longitude, Degrees);
                    n += Same(line, "speed", d.SpeedMps, double.IsNaN(d.SpeedMps) ? null : rmc.SpeedOverGround.MetersPerSecond, 1e-9);
                    n += Same(line, "course", d.CourseDeg, double.IsNaN(d.CourseDeg) ? null : rmc.TrackMadeGoodInDegreesTrue.Degrees, 1e-9);
                }

                if (d.Day > 0)
                {
                    n += Same(line, "day", d.Day, rmc.DateTime.Day, 0);
                    n += Same(line, "month", d.Month, rmc.DateTime.Month, 0);
                    n += Same(line, "year", d.Year, rmc.DateTime.Year % 100, 0);
                    n += SameTime(line, d, rmc.DateTime);
                }

                break;
            case PositionFastUpdate gll when type == NmeaSentenceType.Gll:
                if (!double.IsNaN(d.Latitude))
                {
                    n += Same(line, "lat", d.Latitude, gll.LatitudeDegrees, Degrees);
                    n += Same(line, "lon", d.Longitude, gll.LongitudeDegrees, Degrees);
                }

                break;
            case TrackMadeGood vtg when type == NmeaSentenceType.Vtg:
                n += Same(line, "course", d.CourseDeg, double.IsNaN(d.CourseDeg) ? null : vtg.CourseOverGroundTrue.Degrees, 1e-9);
                n += Same(line, "speed", d.SpeedMps, double.IsNaN(d.SpeedMps) ? null : vtg.Speed.MetersPerSecond, 1e-6);
                break;
            case TimeDate zda when type == NmeaSentenceType.Zda:
                if (d.Year > 0)
                {
                    n += Same(line, "year", d.Year, zda.DateTime.Year, 0);
                    n += Same(line, "month", d.Month, zda.DateTime.Month, 0);
                    n += Same(line, "day", d.Day, zda.DateTime.Day, 0);
                    n += SameTime(line, d, zda.DateTime);
                }

                break;
            default:
                Assert.Fail($"different sentence kinds for {line}: {theirs.GetType().Name}");
                break;
        }

        return n;
    }

    private static int SameTime(string line, SentenceData d, DateTimeOffset theirs)
    {
        if (d.TimeOfDay < 0 || theirs == DateTimeOffset.MinValue)
        {
            return 0;
        }

        // Iot keeps milliseconds; we keep 100 ns ticks.
        var ours = TimeSpan.FromTicks(d.TimeOfDay);
        Assert.True(Math.Abs((ours - theirs.TimeOfDay).TotalMilliseconds) < 1, $"{line}: time {ours} vs {theirs.TimeOfDay}");
        return 1;
    }

    private static int Same(string line, string what, double ours, double? theirs, double tolerance)
    {
        if (double.IsNaN(ours) || theirs is null || double.IsNaN(theirs.Value))
        {
            return 0;
        }

        Assert.True(Math.Abs(ours - theirs.Value) <= tolerance, $"{line}: {what} ours {ours:R} Iot {theirs:R}");
        return 1;
    }

    private static bool IsSupportedTalker(string line) => NmeaAddress.TalkerIndex((byte)line[1], (byte)line[2]) >= 0;
}
