using GeoFence.Zones.Decisions;
using GeoFence.Zones.Tests.Support;
using NetTopologySuite.Geometries;

namespace GeoFence.Zones.Tests;

/// <summary>A 3 000-vertex, ≈40 km polygon at 50°N (thousands of grid cells) against NTS exact predicates.</summary>
public sealed class LargePolygonTests
{
    [Fact]
    public void Large_spiky_polygon_agrees_with_nts_inside_and_far_outside()
    {
        const double lat0 = 50, lon0 = 8;
        var shell = Shapes.Star(lat0, lon0, 0.2, 3000, spikiness: 0.5, seed: 31);
        var policy = Policies.Compile(new PolicyJson().Polygon("big", "block", shell, extra: ",\"buffer_m\":10"));
        var factory = new GeometryFactory();
        var polygon = factory.CreatePolygon(shell.Select(p => new Coordinate(p.Lon, p.Lat)).ToArray());
        var locator = new NetTopologySuite.Algorithm.Locate.IndexedPointInAreaLocator(polygon);
        var facets = new NetTopologySuite.Operation.Distance.IndexedFacetDistance(polygon.Boundary);
        var random = new Random(32);
        // Lower bound of metres per degree of lon/lat distance in this band (E-W at the band's north edge).
        var metresPerDegree = 111_320 * Math.Cos((lat0 + 0.3) * Math.PI / 180) * 0.995;
        int inside = 0, outside = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var lat = lat0 + ((random.NextDouble() - 0.5) * 0.5);
            var lon = lon0 + ((random.NextDouble() - 0.5) * 0.8);
            var accuracy = random.NextDouble() * 5;
            var point = factory.CreatePoint(new Coordinate(lon, lat));
            var action = policy.Decide(Policies.Fix(lat, lon, accuracy), null).Action;
            if (locator.Locate(point.Coordinate) != Location.Exterior)
            {
                Assert.Equal(DecisionAction.Block, action);
                inside++;
            }
            else if (facets.Distance(point) * metresPerDegree > 10 + Math.Max(3, accuracy * 2.45) + 1)
            {
                Assert.Equal(DecisionAction.Allow, action);
                outside++;
            }
        }

        Assert.True(inside > 1000 && outside > 1000, $"inside {inside}, outside {outside}");
    }
}
