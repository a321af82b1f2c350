using GeoFence.Zones.Decisions;
using GeoFence.Zones.Tests.Support;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace GeoFence.Zones.Tests;

/// <summary>A permit zone never lifts the default for a fix whose error circle may leave the (shrunk) zone.</summary>
public sealed class PermitOracleTests
{
    [Fact]
    public void Permit_never_over_contains_and_allows_clearly_inside_fixes()
    {
        const double lat0 = 31.2, lon0 = 121.4;
        var shell = Shapes.Star(lat0, lon0, 0.01, 40, seed: 41);
        var json = new PolicyJson { DefaultAction = """{"action":"block"}""" }.Polygon("lic", "permit", shell, extra: ",\"buffer_m\":15");
        var policy = Policies.Compile(json);
        var factory = new GeometryFactory();
        var polygon = factory.CreatePolygon(shell.Select(p => new Coordinate(p.Lon, p.Lat)).ToArray());
        var locator = new IndexedPointInAreaLocator(polygon);
        var facets = new IndexedFacetDistance(polygon.Boundary);
        const double maxMetresPerDegree = 111_700; // ≥ metres per degree of lat or lon anywhere
        var minMetresPerDegree = 111_000 * Math.Cos((lat0 + 0.02) * Math.PI / 180);
        var random = new Random(42);
        int allowed = 0, clearlyInside = 0;
        for (var i = 0; i < 5000; i++)
        {
            var lat = lat0 + ((random.NextDouble() - 0.5) * 0.025);
            var lon = lon0 + ((random.NextDouble() - 0.5) * 0.03);
            var accuracy = random.NextDouble() * 20;
            var needed = 15 + Math.Max(3, accuracy * 2.45);
            var inside = locator.Locate(new Coordinate(lon, lat)) == Location.Interior;
            var degrees = facets.Distance(factory.CreatePoint(new Coordinate(lon, lat)));
            var action = policy.Decide(Policies.Fix(lat, lon, accuracy), null).Action;
            if (action == DecisionAction.Allow)
            {
                Assert.True(inside && degrees * maxMetresPerDegree >= needed, "permit allowed a fix whose error circle may leave the zone");
                allowed++;
            }

            if (inside && degrees * minMetresPerDegree > needed * 1.01)
            {
                Assert.Equal(DecisionAction.Allow, action);
                clearlyInside++;
            }
        }

        Assert.True(allowed > 500 && clearlyInside > 500, $"allowed {allowed}, clearly inside {clearlyInside}");
    }
}
