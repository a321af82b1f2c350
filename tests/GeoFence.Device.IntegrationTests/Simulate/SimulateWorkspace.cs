using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Zones.Bundles;

namespace GeoFence.Device.IntegrationTests.Simulate;

/// <summary>
/// A signed policy with a block zone and a redact zone (both named), its trust directory and signing key file, and a real
/// capture re-pathed as a 10 m/s drive that crosses the block zone and then the redact zone.
/// </summary>
public sealed class SimulateWorkspace : IDisposable
{
    public const string BlockId = "site-hq-7";
    public const string RedactId = "yard-r-3";
    public const string BlockName = "Northgate Depot";
    public const string RedactName = "Quarry Annex";
    public const double StartLat = 38.1105;
    public const double StartLon = -122.6269;
    private const double CourseDeg = 60;
    private readonly TestDirectory dir = new();

    public SimulateWorkspace()
    {
        Authority = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);
        Trust = TestPolicies.TrustDirectory(dir.Path, Authority);
        SigningKeyFile = WriteKey("authority.key.pem", Authority);
        var (blockLat, blockLon) = Along(1000);
        var (redactLat, redactLon) = Along(2900);
        var json = TestPolicies.Json(
            zones:
            [
                new TestPolicies.Circle(BlockId, "block", blockLat, blockLon, 100, 50),
                new TestPolicies.Circle(RedactId, "redact", redactLat, redactLon, 250, 0, RedactMetres: 500),
            ],
            delaySeconds: 30, approachMin: 200, approachMax: 400, clearanceMin: 200, clearanceMax: 400)
            .Replace($"\"id\":\"{BlockId}\"", $"\"id\":\"{BlockId}\",\"name\":\"{BlockName}\"", StringComparison.Ordinal)
            .Replace($"\"id\":\"{RedactId}\"", $"\"id\":\"{RedactId}\",\"name\":\"{RedactName}\"", StringComparison.Ordinal);
        Bundle = dir.File("policy.bundle");
        System.IO.File.WriteAllBytes(Bundle, TestPolicies.Sign(json, Authority));
    }

    public SigningKey Authority { get; }

    public string Trust { get; }

    public string Bundle { get; }

    public string SigningKeyFile { get; }

    public string Path => dir.Path;

    public string File(string name) => dir.File(name);

    public void Dispose() => dir.Dispose();

    /// <summary>A private key PEM file for a key.</summary>
    public string WriteKey(string name, SigningKey key)
    {
        var path = dir.File(name);
        System.IO.File.WriteAllText(path, key.PrivateKeyPem());
        return path;
    }

    /// <summary>The real capture moved along the drive, one epoch per second, <paramref name="points"/> epochs.</summary>
    public string Drive(string captureName = "ublox-neo-m9n-nmea.log", int points = 400, string fileName = "drive.log")
    {
        var (header, epochs) = CaptureRepather.Split(System.IO.File.ReadAllLines(Corpus.PathOf(captureName)));
        var start = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var path = Enumerable.Range(0, points).Select(i =>
        {
            var (lat, lon) = Along(10.0 * (i % 400));
            return new PathPoint(start.AddSeconds(i), lat, lon, 10, CourseDeg);
        }).ToArray();
        var file = dir.File(fileName);
        System.IO.File.WriteAllBytes(file, CaptureRepather.Repath(header, epochs, path));
        return file;
    }

    /// <summary>Runs simulate on the drive with extra arguments.</summary>
    public Task<DeviceProcess.Result> SimulateAsync(string capture, string output, params string[] extra) =>
        DeviceProcess.RunAsync(TimeSpan.FromSeconds(180), null,
            ["simulate", "--input", capture, "--bundle", Bundle, "--trust", Trust, "--out", output, "--min-date", "2000-01-01", .. extra]);

    private static (double Lat, double Lon) Along(double metres) =>
        Earth.Offset(StartLat, StartLon, metres * Math.Cos(double.DegreesToRadians(CourseDeg)), metres * Math.Sin(double.DegreesToRadians(CourseDeg)));
}
