using GeoFence.Zones.Decisions;
using GeoFence.Zones.Tests.Support;
using NetTopologySuite.Geometries;

namespace GeoFence.Zones.Tests;

/// <summary>Random fix pairs against NTS: a segment that crosses the unbuffered polygon must be blocked.</summary>
public sealed class SegmentOracleTests
{
    [Fact]
    public void Segments_crossing_a_polygon_with_a_hole_are_blocked()
    {
        var factory = new GeometryFactory();
        var shell = Shapes.Star(35, 135, 0.01, 30, seed: 21);
        var hole = Shapes.Star(35, 135, 0.004, 10, spikiness: 0.1, clockwise: true, seed: 22);
        var policy = Policies.Compile(new PolicyJson().Polygon("z", "block", shell, [hole]));
        var polygon = factory.CreatePolygon(
            factory.CreateLinearRing(shell.Select(p => new Coordinate(p.Lon, p.Lat)).ToArray()),
            [factory.CreateLinearRing(hole.Select(p => new Coordinate(p.Lon, p.Lat)).ToArray())]);
        var random = new Random(23);
        int crossing = 0, clear = 0;
        for (var i = 0; i < 3000; i++)
        {
            var a = (Lat: 35 + ((random.NextDouble() - 0.5) * 0.04), Lon: 135 + ((random.NextDouble() - 0.5) * 0.05));
            var b = (Lat: a.Lat + ((random.NextDouble() - 0.5) * 0.03), Lon: a.Lon + ((random.NextDouble() - 0.5) * 0.03));
            var previous = Policies.Fix(a.Lat, a.Lon, 0, Policies.Noon.AddSeconds(-1));
            var current = Policies.Fix(b.Lat, b.Lon, 0);
            var decision = policy.Decide(current, previous);
            var line = factory.CreateLineString([new Coordinate(a.Lon, a.Lat), new Coordinate(b.Lon, b.Lat)]);
            if (line.Intersects(polygon))
            {
                Assert.Equal(DecisionAction.Block, decision.Action);
                crossing++;
            }
            else if (line.Distance(polygon) > 0.001)
            {
                // > 0.001° (≥ 90 m here) from the polygon: far beyond the 3 m error floor.
                Assert.Equal(DecisionAction.Allow, decision.Action);
                clear++;
            }
        }

        Assert.True(crossing > 500 && clear > 200, $"crossing {crossing}, clear {clear}");
    }
}
