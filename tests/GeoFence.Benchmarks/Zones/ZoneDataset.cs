using GeoFence.Zones.Decisions;
using GeoFence.Zones.Model;
using NetTopologySuite.Geometries;

namespace GeoFence.Benchmarks.Zones;

/// <summary>Deterministic synthetic zone sets and query points for the zone benchmarks.</summary>
public sealed class ZoneDataset
{
    private static readonly GeometryFactory Factory = new();

    private ZoneDataset(string name, List<Polygon> polygons, Envelope extent, int pointCount, int seed)
    {
        Name = name;
        Polygons = polygons;
        var zones = polygons.Select((p, i) => new ZoneDefinition($"z{i}", ZoneAction.Block, ZoneShape.Area, p, 0, 20, 0, ZoneValidity.Always, null)).ToList();
        Document = new PolicyDocument("bench", 1, Start, Start, Start.AddYears(1), new DefaultAction(DefaultActionKind.Allow, 0),
            new ErrorModel(2.45, 6, 3, 100), zones, [],
            new OutputSettings(1, "WGS84", [], new TrajectoryGuardSettings(30, 200, 600, 200, 600, 60), null, 7));
        var random = new Random(seed);
        Points = new Coordinate[pointCount];
        Samples = new PositionSample[pointCount];
        for (var i = 0; i < pointCount; i++)
        {
            var lon = extent.MinX + (random.NextDouble() * extent.Width);
            var lat = extent.MinY + (random.NextDouble() * extent.Height);
            Points[i] = new Coordinate(lon, lat);
            Samples[i] = new PositionSample(Start.AddHours(1), lat, lon, 1 + (random.NextDouble() * 4), null, true);
        }
    }

    /// <summary>Policy time base.</summary>
    public static DateTimeOffset Start { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Dataset label.</summary>
    public string Name { get; }

    /// <summary>Zone polygons in lon/lat.</summary>
    public List<Polygon> Polygons { get; }

    /// <summary>Policy over the polygons (block, buffer 20 m, error model 2.45σ).</summary>
    public PolicyDocument Document { get; }

    /// <summary>Query points, uniform over the extent.</summary>
    public Coordinate[] Points { get; }

    /// <summary>The same points as fixes with 1–5 m 1σ accuracy.</summary>
    public PositionSample[] Samples { get; }

    /// <summary>Builds a named dataset: "10k x 50", "100k x 12", "200 x 5000".</summary>
    public static ZoneDataset Create(string name, int pointCount = 10_000) => name switch
    {
        "10k x 50" => Make(name, 10_000, 50, 5, 0.004, 0.012, pointCount),
        "100k x 12" => Make(name, 100_000, 12, 16, 0.004, 0.012, pointCount),
        "200 x 5000" => Make(name, 200, 5000, 5, 0.05, 0.2, pointCount),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static ZoneDataset Make(string name, int count, int vertices, double spanDeg, double minRadius, double maxRadius, int pointCount)
    {
        var random = new Random(42);
        var extent = new Envelope(110, 110 + spanDeg, 30, 30 + spanDeg);
        var polygons = new List<Polygon>(count);
        for (var i = 0; i < count; i++)
        {
            var lon = extent.MinX + (random.NextDouble() * extent.Width);
            var lat = extent.MinY + (random.NextDouble() * extent.Height);
            var radius = minRadius + (random.NextDouble() * (maxRadius - minRadius));
            var ring = new Coordinate[vertices + 1];
            var cos = Math.Cos(lat * Math.PI / 180);
            for (var v = 0; v < vertices; v++)
            {
                var angle = 2 * Math.PI * v / vertices;
                var r = radius * (0.6 + (0.4 * random.NextDouble()));
                ring[v] = new Coordinate(lon + (r * Math.Cos(angle) / cos), lat + (r * Math.Sin(angle)));
            }

            ring[vertices] = ring[0];
            polygons.Add(Factory.CreatePolygon(ring));
        }

        return new ZoneDataset(name, polygons, extent, pointCount, 7);
    }
}
