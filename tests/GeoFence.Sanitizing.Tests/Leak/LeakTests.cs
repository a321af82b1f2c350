using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GeoFence.Sanitizing.Audit;
using GeoFence.Sanitizing.Nmea;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Redaction;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests.Leak;

public sealed partial class LeakTests : IDisposable
{
    private const double CentreLat = 38.1105;
    private const double CentreLon = -122.6269;
    private const double ZoneAndBufferMetres = 150; // zone radius 100 m + buffer 50 m, as the policy engine would apply it
    private readonly string directory = Directory.CreateTempSubdirectory("geofence-leak-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    public static TheoryData<string> Captures => ["ublox-neo-m9n-nmea.log", "ublox-f9p-hpnmea.log", "quectel-l76k-nmea.log"];

    [Theory]
    [MemberData(nameof(Captures))]
    public void Real_capture_driven_through_a_block_zone_leaks_no_coordinate_and_no_side_channel(string capture)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "gpsd", capture));
        var (header, epochs) = CaptureRepather.Split(lines);
        Assert.True(epochs.Count >= 5, $"{capture}: {epochs.Count} epochs");
        var (startLat, startLon) = Geodesy.Offset(CentreLat, CentreLon, -1500 * Math.Cos(Math.PI / 3), -1500 * Math.Sin(Math.PI / 3));
        var path = Enumerable.Range(0, 300).Select(i =>
        {
            var (lat, lon) = Geodesy.Offset(startLat, startLon, 10 * i * Math.Cos(Math.PI / 3), 10 * i * Math.Sin(Math.PI / 3));
            return new PathPoint(Fixes.Start.AddSeconds(i), lat, lon, 10, 60);
        }).ToArray();
        var bytes = CaptureRepather.Repath(header, epochs, path);
        var input = Encoding.ASCII.GetString(bytes);
        Assert.Contains("GSV", input, StringComparison.Ordinal); // the side channels are really in the input
        var fixes = RealDecoder.Decode(bytes, new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(300, fixes.Count);
        Assert.Contains(fixes, f => f.GeoidSeparation is not null);

        var logger = new RecordingLogger();
        var auditPath = Path.Combine(directory, "audit.log");
        var harness = BuildHarness(auditPath, logger, out var audit);
        foreach (var fix in fixes)
        {
            var inside = Geodesy.DistanceMetres(CentreLat, CentreLon, fix.Latitude!.Value, fix.Longitude!.Value) <= ZoneAndBufferMetres;
            harness.Feed(fix, inside ? Fixes.Block() : Fixes.Allow());
        }

        harness.Drain();
        harness.Sanitizer.Flush();
        audit.Dispose();

        Assert.True(harness.Out.Count > 150, $"only {harness.Out.Count} records left");
        var json = harness.Out.Select(Json.Text).ToArray();
        var nmea = harness.Out.SelectMany(r => new[] { NmeaSynthesizer.Gga(r)!, NmeaSynthesizer.Rmc(r)! }).ToArray();
        var auditText = File.ReadAllText(auditPath);
        var logText = string.Join('\n', logger.Lines);
        Assert.True(AuditVerifier.Verify(auditPath).Intact);
        Assert.NotEmpty(logger.Lines);

        // Guaranteed radius: zone + buffer + the smaller of the approach and clearance minimums.
        var forbidden = ZoneAndBufferMetres + Math.Min(Rules.Guard.ApproachMinMetres, Rules.Guard.ClearanceMinMetres);
        foreach (var record in harness.Out)
        {
            Assert.True(Geodesy.DistanceMetres(CentreLat, CentreLon, record.Latitude!.Value, record.Longitude!.Value) > forbidden);
            Assert.All(Json.Members(record), m => Assert.Contains(m, OutgoingFieldSet.AllJsonNames));
        }

        foreach (var sentence in nmea)
        {
            Assert.True(CaptureRepather.HasValidChecksum(sentence.TrimEnd()), sentence);
            var f = CaptureRepather.Fields(sentence.TrimEnd());
            Assert.Contains(f[0], new[] { "GPGGA", "GPRMC" });
            var (lat, lon) = f[0] == "GPGGA" ? (Angle(f[2], f[3]), Angle(f[4], f[5])) : (Angle(f[3], f[4]), Angle(f[5], f[6]));
            Assert.True(Geodesy.DistanceMetres(CentreLat, CentreLon, lat, lon) > forbidden, sentence);
            if (f[0] == "GPGGA")
            {
                Assert.Equal(["", "", "", "", "", ""], new[] { f[7], f[8], f[11], f[12], f[13], f[14] });
            }
            else
            {
                Assert.Equal(["", ""], f[10..12]);
            }
        }

        foreach (var text in new[] { auditText, logText })
        {
            foreach (Match number in DecimalNumber().Matches(text))
            {
                var value = double.Parse(number.Value, CultureInfo.InvariantCulture);
                Assert.False(Math.Abs(value - CentreLat) < 1 || Math.Abs(value - CentreLon) < 1 || Math.Abs(Math.Abs(value) - 3806) < 20 || Math.Abs(Math.Abs(value) - 12237) < 20,
                    $"coordinate-like number {number.Value} in audit or log");
            }
        }

        var everything = string.Join('\n', json.Concat(nmea).Append(auditText).Append(logText));
        foreach (var sideChannel in new[] { "GSV", "GSA", "GST", "GBS", "ZDA", "VTG", "GLL", "TXT", "$GN", "altMSL\":null", "sep", "geoid", "magvar", "sat", "hdop", "station" })
        {
            Assert.DoesNotContain(sideChannel, everything, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var fix in fixes.Where(f => f.GeoidSeparation is not null).Take(1))
        {
            Assert.DoesNotContain(fix.GeoidSeparation!.Value.ToString("0.0", CultureInfo.InvariantCulture), string.Join('\n', nmea), StringComparison.Ordinal);
        }

        Assert.All(lines.Where(l => l.StartsWith('$')), raw => Assert.DoesNotContain(raw, everything, StringComparison.Ordinal));
    }

    private Harness BuildHarness(string auditPath, RecordingLogger logger, out AuditLog audit)
    {
        audit = AuditLog.Open(auditPath, new TestSecrets(), Rules.Default, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Fixes.Start));
        return new Harness(Rules.Default, seed: 17, logger: logger, audit: audit);
    }

    private static double Angle(string field, string hemisphere)
    {
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        var value = double.Parse(field[..(dot - 2)], CultureInfo.InvariantCulture) + (double.Parse(field[(dot - 2)..], CultureInfo.InvariantCulture) / 60);
        return hemisphere is "S" or "W" ? -value : value;
    }

    [GeneratedRegex(@"-?\d+\.\d+")]
    private static partial Regex DecimalNumber();
}
