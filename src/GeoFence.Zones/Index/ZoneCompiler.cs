using GeoFence.Zones.Geodesy;
using GeoFence.Zones.Model;
using GeoFence.Zones.Policy;
using NetTopologySuite.Geometries;

namespace GeoFence.Zones.Index;

/// <summary>Turns a <see cref="ZoneDefinition"/> into a <see cref="CompiledZone"/>.</summary>
internal static class ZoneCompiler
{
    // Metres per degree of latitude is at least this anywhere on WGS-84 (M(0) ≈ 110 574 m).
    private const double MinMetresPerDegreeLatitude = 110_000;

    /// <summary>Compiles a zone for error radii up to <paramref name="maxErrorRadiusMetres"/>.</summary>
    public static CompiledZone Compile(ZoneDefinition zone, double maxErrorRadiusMetres)
    {
        var envelope = zone.Envelope;
        if (envelope.Width > 180)
        {
            throw new PolicyFormatException($"zone \"{zone.Id}\"", "spans more than 180° of longitude; split it at the antimeridian");
        }

        var margin = zone.RadiusMetres + zone.BufferMetres + maxErrorRadiusMetres;
        var marginLatitude = margin / MinMetresPerDegreeLatitude;
        var minLat = Math.Max(-90, envelope.MinY - marginLatitude);
        var maxLat = Math.Min(90, envelope.MaxY + marginLatitude);
        var widestLatitude = Math.Min(89.9, Math.Max(Math.Abs(minLat), Math.Abs(maxLat)));
        var metresPerDegreeLongitude = Wgs84.ParallelRadius(widestLatitude * Math.PI / 180) * Math.PI / 180;
        var marginLongitude = Math.Min(180, margin / metresPerDegreeLongitude * 1.001);

        var frame = new LocalFrame((envelope.MinY + envelope.MaxY) / 2, (envelope.MinX + envelope.MaxX) / 2, minLat, maxLat);
        var edges = new List<float>(zone.VertexCount * 4);
        NetTopologySuite.Geometries.Geometry? area = null;
        switch (zone.Geometry)
        {
            case Point point:
                AddEdge(edges, frame, point.Coordinate, point.Coordinate);
                break;
            case LineString line:
                AddChain(edges, frame, line.Coordinates);
                break;
            default:
                area = ProjectArea(zone.Geometry, frame, edges);
                break;
        }

        var grid = ZoneGridBuilder.Build(edges.ToArray(), area, frame.MaxScale * margin * 1.000001);
        return new CompiledZone(zone, frame, grid, margin, minLat, maxLat,
            envelope.MinX - marginLongitude, envelope.MaxX + marginLongitude);
    }

    private static MultiPolygon ProjectArea(NetTopologySuite.Geometries.Geometry geometry, LocalFrame frame, List<float> edges)
    {
        var factory = NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory();
        var polygons = new Polygon[geometry.NumGeometries];
        for (var i = 0; i < polygons.Length; i++)
        {
            var polygon = (Polygon)geometry.GetGeometryN(i);
            var shell = factory.CreateLinearRing(ProjectRing(polygon.Shell.Coordinates, frame, edges));
            var holes = polygon.Holes.Select(h => factory.CreateLinearRing(ProjectRing(h.Coordinates, frame, edges))).ToArray();
            polygons[i] = factory.CreatePolygon(shell, holes);
        }

        return factory.CreateMultiPolygon(polygons);
    }

    private static Coordinate[] ProjectRing(Coordinate[] ring, LocalFrame frame, List<float> edges)
    {
        AddChain(edges, frame, ring);
        return ring.Select(c => Rounded(frame, c)).ToArray();
    }

    private static void AddChain(List<float> edges, LocalFrame frame, Coordinate[] chain)
    {
        for (var i = 0; i + 1 < chain.Length; i++)
        {
            AddEdge(edges, frame, chain[i], chain[i + 1]);
        }
    }

    private static void AddEdge(List<float> edges, LocalFrame frame, Coordinate a, Coordinate b)
    {
        var pa = Rounded(frame, a);
        var pb = Rounded(frame, b);
        edges.Add((float)pa.X);
        edges.Add((float)pa.Y);
        edges.Add((float)pb.X);
        edges.Add((float)pb.Y);
    }

    // The projected polygon uses exactly the float-rounded edge coordinates so inside/outside agrees with the edges.
    private static Coordinate Rounded(LocalFrame frame, Coordinate c)
    {
        var (x, y) = frame.Project(c.Y, c.X);
        return new Coordinate((float)x, (float)y);
    }
}
