using GeoFence.Zones.Decisions;
using GeoFence.Zones.Tests.Support;
using NetTopologySuite.Geometries;

namespace GeoFence.Zones.Tests;

/// <summary>Decisions on random points against an independent computation (NTS exact predicates + Vincenty distances).</summary>
public sealed class DecisionOracleTests
{
    private static readonly GeometryFactory Factory = new();

    [Theory]
    [InlineData(39.9, 116.4, 0.0)]
    [InlineData(60.0, 25.0, 30.0)]
    [InlineData(-33.9, 151.2, 5.0)]
    public void Polygon_with_hole_matches_oracle(double lat, double lon, double buffer)
    {
        var shell = Shapes.Star(lat, lon, 0.01, 24, seed: 7);
        var hole = Shapes.Star(lat, lon, 0.003, 12, spikiness: 0.1, clockwise: true, seed: 8);
        var policy = Policies.Compile(new PolicyJson().Polygon("z1", "block", shell, [hole], $",\"buffer_m\":{PolicyJson.F(buffer)}"));
        var polygon = Factory.CreatePolygon(Ring(shell), [Ring(hole)]);
        CheckAgainstOracle(policy, polygon, [shell, hole], buffer, lat, lon, 0.014, seed: 11);
    }

    [Fact]
    public void MultiPolygon_matches_oracle()
    {
        var a = Shapes.Star(30, 120, 0.004, 10, seed: 3);
        var b = Shapes.Star(30, 120.012, 0.004, 14, seed: 4);
        var policy = Policies.Compile(new PolicyJson().MultiPolygon("m1", "block", [a, b]));
        var geometry = Factory.CreateMultiPolygon([Factory.CreatePolygon(Ring(a)), Factory.CreatePolygon(Ring(b))]);
        CheckAgainstOracle(policy, geometry, [a, b], 0, 30, 120.006, 0.012, seed: 12);
    }

    [Fact]
    public void Circle_at_60N_matches_geodesic_distance()
    {
        var policy = Policies.Compile(new PolicyJson().Circle("c1", "block", 60, 10, 800, ",\"buffer_m\":20"));
        var random = new Random(5);
        var checkedCount = 0;
        for (var i = 0; i < 3000; i++)
        {
            var lat = 60 + ((random.NextDouble() - 0.5) * 0.04);
            var lon = 10 + ((random.NextDouble() - 0.5) * 0.08);
            var accuracy = 1 + (random.NextDouble() * 20);
            var threshold = 800 + 20 + (accuracy * 2.45);
            var distance = Geodesic.Distance(60, 10, lat, lon);
            var blocked = policy.Decide(Policies.Fix(lat, lon, accuracy), null).Action == DecisionAction.Block;
            if (distance <= threshold)
            {
                Assert.True(blocked, $"inside by {threshold - distance:F3} m");
                checkedCount++;
            }
            else if (distance > threshold * 1.0005)
            {
                Assert.False(blocked, $"outside by {distance - threshold:F3} m");
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 2900);
    }

    [Fact]
    public void Corridor_matches_geodesic_distance_to_centre_line()
    {
        (double Lon, double Lat)[] line = [(114.0, 22.5), (114.01, 22.505), (114.02, 22.503), (114.025, 22.51)];
        var policy = Policies.Compile(new PolicyJson().Corridor("k1", "block", line, 100, ",\"buffer_m\":10"));
        var random = new Random(6);
        var checkedCount = 0;
        for (var i = 0; i < 600; i++)
        {
            var lat = 22.5 + (random.NextDouble() * 0.012) - 0.001;
            var lon = 113.998 + (random.NextDouble() * 0.03);
            var accuracy = 1 + (random.NextDouble() * 10);
            var threshold = 50 + 10 + (accuracy * 2.45);
            var (upper, lower) = Geodesic.DistanceToChain(lat, lon, line, 10);
            if (lower <= (threshold * 1.001) + 0.05)
            {
                (upper, lower) = Geodesic.DistanceToChain(lat, lon, line, 300);
            }

            var blocked = policy.Decide(Policies.Fix(lat, lon, accuracy), null).Action == DecisionAction.Block;
            if (upper <= threshold)
            {
                Assert.True(blocked);
                checkedCount++;
            }
            else if (lower > (threshold * 1.001) + 0.05)
            {
                Assert.False(blocked);
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 550, $"{checkedCount}");
    }

    [Fact]
    public void Boundary_points_and_vertices_are_inside()
    {
        var shell = Shapes.Star(45, 7, 0.005, 16, seed: 9);
        var policy = Policies.Compile(new PolicyJson().Polygon("b1", "block", shell)
            .Circle("c", "block", 44.9, 7, 50).ErrorModelDefault());
        for (var i = 0; i + 1 < shell.Length; i++)
        {
            var (lon, lat) = shell[i];
            var (lon2, lat2) = shell[i + 1];
            Assert.Equal(DecisionAction.Block, policy.Decide(Policies.Fix(lat, lon, 0), null).Action);
            Assert.Equal(DecisionAction.Block, policy.Decide(Policies.Fix((lat + lat2) / 2, (lon + lon2) / 2, 0), null).Action);
        }
    }

    private static void CheckAgainstOracle(CompiledPolicy policy, Geometry zone, IReadOnlyList<(double Lon, double Lat)[]> rings,
        double buffer, double lat0, double lon0, double spanDeg, int seed)
    {
        var random = new Random(seed);
        var checkedCount = 0;
        const int samples = 500;
        var cos = Math.Cos(lat0 * Math.PI / 180);
        for (var i = 0; i < samples; i++)
        {
            var lat = lat0 + ((random.NextDouble() - 0.5) * 2 * spanDeg);
            var lon = lon0 + ((random.NextDouble() - 0.5) * 2 * spanDeg / cos);
            var accuracy = random.NextDouble() * 12;
            var threshold = buffer + Math.Max(3, accuracy * 2.45);
            var decision = policy.Decide(Policies.Fix(lat, lon, accuracy), null);
            var blocked = decision.Action == DecisionAction.Block;
            if (zone.Covers(Factory.CreatePoint(new Coordinate(lon, lat))))
            {
                Assert.True(blocked, "interior point not blocked");
                checkedCount++;
                continue;
            }

            var upper = double.MaxValue;
            var lower = double.MaxValue;
            foreach (var ring in rings)
            {
                var (u, l) = Geodesic.DistanceToChain(lat, lon, ring, 8);
                upper = Math.Min(upper, u);
                lower = Math.Min(lower, l);
            }

            if (lower <= (threshold * 1.002) + 0.05)
            {
                // Near the grown boundary: refine with dense sampling.
                upper = lower = double.MaxValue;
                foreach (var ring in rings)
                {
                    var (u, l) = Geodesic.DistanceToChain(lat, lon, ring, 100);
                    upper = Math.Min(upper, u);
                    lower = Math.Min(lower, l);
                }
            }

            if (upper <= threshold)
            {
                Assert.True(blocked, $"within {threshold - upper:F2} m of the grown zone but allowed");
                checkedCount++;
            }
            else if (lower > (threshold * 1.002) + 0.05)
            {
                Assert.False(blocked, $"{lower - threshold:F2} m clear of the grown zone but blocked");
                Assert.Equal(DecisionReasons.DefaultAction, decision.Reasons);
                checkedCount++;
            }
        }

        Assert.True(checkedCount > samples * 0.9, $"only {checkedCount} of {samples} points were decidable by the oracle");
    }

    private static LinearRing Ring((double Lon, double Lat)[] ring) =>
        Factory.CreateLinearRing(ring.Select(p => new Coordinate(p.Lon, p.Lat)).ToArray());
}

internal static class PolicyJsonTestExtensions
{
    public static PolicyJson ErrorModelDefault(this PolicyJson json)
    {
        json.ErrorModel = """{"minRadius_m":0.1,"maxRadius_m":100}""";
        return json;
    }
}
