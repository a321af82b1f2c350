namespace GeoFence.Device.Demo;

/// <summary>
/// The demo area: a straight drive at a constant speed that crosses one redact circle and then one block circle, each
/// centred on the road, with allowed road before, between and after. <see cref="DemoDrive"/> moves the bundled
/// capture along it and <see cref="DemoPolicy"/> puts the two zones on it, so both always agree.
/// </summary>
public sealed record DemoRoute
{
    private const double EarthRadiusMetres = 6_371_008.8;

    /// <summary>The route every demo uses.</summary>
    public static DemoRoute Default { get; } = new();

    /// <summary>Latitude of the start, degrees.</summary>
    public double StartLatitude { get; init; } = 31.1300;

    /// <summary>Longitude of the start, degrees.</summary>
    public double StartLongitude { get; init; } = 121.4100;

    /// <summary>Course over ground, degrees clockwise from north.</summary>
    public double CourseDegrees { get; init; } = 70;

    /// <summary>Speed in metres per second (one epoch per second).</summary>
    public double SpeedMetresPerSecond { get; init; } = 12.5;

    /// <summary>Length of the drive in metres.</summary>
    public double LengthMetres { get; init; } = 7000;

    /// <summary>Distance along the road of the redact circle's centre.</summary>
    public double RedactCentreMetres { get; init; } = 1500;

    /// <summary>Radius of the redact circle.</summary>
    public double RedactRadiusMetres { get; init; } = 250;

    /// <summary>Redaction grid inside the redact circle.</summary>
    public double RedactGridMetres { get; init; } = 500;

    /// <summary>Distance along the road of the block circle's centre.</summary>
    public double BlockCentreMetres { get; init; } = 4500;

    /// <summary>Radius of the block circle.</summary>
    public double BlockRadiusMetres { get; init; } = 150;

    /// <summary>Buffer around the block circle.</summary>
    public double BlockBufferMetres { get; init; } = 100;

    /// <summary>Epochs in the drive (one per second, both ends included).</summary>
    public int Epochs => (int)Math.Floor(LengthMetres / SpeedMetresPerSecond) + 1;

    /// <summary>The point <paramref name="metres"/> along the road (spherical Earth; well under 1 % off at these distances).</summary>
    public (double Latitude, double Longitude) PointAt(double metres)
    {
        var course = double.DegreesToRadians(CourseDegrees);
        var north = metres * Math.Cos(course);
        var east = metres * Math.Sin(course);
        return (StartLatitude + double.RadiansToDegrees(north / EarthRadiusMetres),
                StartLongitude + double.RadiansToDegrees(east / (EarthRadiusMetres * Math.Cos(double.DegreesToRadians(StartLatitude)))));
    }

    /// <summary>One path point per second from <paramref name="start"/>.</summary>
    public IReadOnlyList<PathPoint> Path(DateTimeOffset start)
    {
        if (!(SpeedMetresPerSecond > 0) || !(LengthMetres > 0) || Epochs > 86_400)
        {
            throw new InvalidOperationException("the demo route needs a positive speed and length and at most a day of epochs");
        }

        var points = new PathPoint[Epochs];
        for (var i = 0; i < points.Length; i++)
        {
            var (latitude, longitude) = PointAt(i * SpeedMetresPerSecond);
            points[i] = new PathPoint(start.AddSeconds(i), latitude, longitude, SpeedMetresPerSecond, CourseDegrees);
        }

        return points;
    }
}
