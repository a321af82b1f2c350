using System.Globalization;
using System.Net;
using System.Text;
using GeoFence.Sanitizing.Redaction;
using GeoFence.Zones.Model;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace GeoFence.Device.Report;

/// <summary>
/// Zone outlines for <c>simulate --show-zones</c> (sensitive: only drawn when the caller proved it holds the signing key).
/// Each zone in view becomes <c>&lt;g class="zone block|redact|permit"&gt;</c> with its shape (solid) and its
/// buffered match area (dashed), projected like the track (and through GCJ-02 when the records are GCJ-02),
/// clipped to the map, simplified to half a pixel. Bounded: at most <see cref="MaxZones"/> zones and
/// <see cref="MaxVertices"/> vertices are drawn; the rest are counted as not drawn.
/// </summary>
internal sealed class ZoneLayer
{
    /// <summary>Most zones drawn.</summary>
    public const int MaxZones = 2_000;

    /// <summary>Most vertices drawn in total.</summary>
    public const int MaxVertices = 200_000;

    private const double Gcj02Slack = 1_000; // metres: GCJ-02 moves a point by well under a kilometre
    private readonly StringBuilder svg = new();
    private int vertices;

    private ZoneLayer()
    {
    }

    /// <summary>Zones drawn.</summary>
    public int Drawn { get; private set; }

    /// <summary>Zones in view that were not drawn because a bound was reached.</summary>
    public int NotDrawn { get; private set; }

    /// <summary>Draws the zones that reach into the map.</summary>
    public static ZoneLayer Draw(IReadOnlyList<ZoneDefinition> zones, MapProjection projection, bool gcj02)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(projection);
        var layer = new ZoneLayer();
        var view = ViewInMetres(projection, 1.1);
        var filter = new ProjectingFilter(projection, gcj02);
        foreach (var zone in zones)
        {
            var reach = zone.RadiusMetres + Math.Max(zone.BufferMetres, 0);
            if (!InView(zone.Envelope, reach + (gcj02 ? Gcj02Slack : 0), view.EnvelopeInternal, projection))
            {
                continue; // cheap test on the lon/lat envelope first: the projection is affine in lon/lat
            }

            if (layer.Drawn >= MaxZones || layer.vertices >= MaxVertices)
            {
                layer.NotDrawn++;
                continue;
            }

            var projected = zone.Geometry.Copy();
            projected.Apply(filter);
            layer.Add(zone, projected, view, projection);
        }

        return layer;
    }

    /// <summary>Writes the zone groups.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("<g class=\"zones\">\n");
        writer.Write(svg);
        writer.Write("</g>\n");
    }

    private static Polygon ViewInMetres(MapProjection projection, double factor)
    {
        var (w, h) = (projection.HalfWidthMetres * factor, projection.HalfHeightMetres * factor);
        return new GeometryFactory().CreatePolygon([new(-w, -h), new(w, -h), new(w, h), new(-w, h), new(-w, -h)]);
    }

    private static bool InView(Envelope degrees, double reachMetres, Envelope view, MapProjection projection)
    {
        var (x0, y0) = projection.ToMetres(degrees.MinY, degrees.MinX);
        var (x1, y1) = projection.ToMetres(degrees.MaxY, degrees.MaxX);
        var metres = new Envelope(x0, x1, y0, y1);
        metres.ExpandBy(reachMetres);
        return metres.Intersects(view);
    }

    private static Geometry Clipped(Geometry shape, Polygon view, double marginMetres)
    {
        try
        {
            return shape.Intersection(view.Buffer(marginMetres, 1));
        }
        catch (TopologyException)
        {
            return shape;
        }
    }

    private static Geometry Shown(Geometry shape, Polygon view, MapProjection projection)
    {
        var tolerance = 0.5 / projection.PixelsPerMetre;
        try
        {
            return DouglasPeuckerSimplifier.Simplify(shape.Intersection(view), tolerance);
        }
        catch (TopologyException)
        {
            return DouglasPeuckerSimplifier.Simplify(shape, tolerance);
        }
    }

    private void Add(ZoneDefinition zone, Geometry projected, Polygon view, MapProjection projection)
    {
        // Areas are clipped to the map (plus their buffer) and simplified before buffering: a 200 000-vertex zone stays cheap.
        var shape = zone.Shape == ZoneShape.Area
            ? DouglasPeuckerSimplifier.Simplify(Clipped(projected, view, Math.Max(zone.BufferMetres, 0) + 1), 0.25 / projection.PixelsPerMetre)
            : projected.Buffer(zone.RadiusMetres);
        var grown = zone.BufferMetres <= 0 ? null : shape.Buffer(zone.Action == ZoneAction.Permit ? -zone.BufferMetres : zone.BufferMetres);
        var action = zone.Action switch
        {
            ZoneAction.Block => "block",
            ZoneAction.Redact => "redact",
            _ => "permit",
        };
        var title = zone.Name is null ? zone.Id : $"{zone.Id}: {zone.Name}";
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"zone {action}\"><title>{WebUtility.HtmlEncode(title)} ({action})</title>\n");
        var shown = Shown(shape, view, projection);
        Path("shape", shown, projection);
        if (grown is not null)
        {
            Path("grown", Shown(grown, view, projection), projection);
        }

        if (!shown.IsEmpty)
        {
            var label = shown.InteriorPoint.Coordinate;
            var (x, y) = projection.MetresToPixels(label.X, label.Y);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.0}\" y=\"{y:0.0}\">{WebUtility.HtmlEncode(zone.Id)}</text>\n");
        }

        svg.Append("</g>\n");
        Drawn++;
    }

    private void Path(string kind, Geometry geometry, MapProjection projection)
    {
        if (geometry.IsEmpty)
        {
            return;
        }

        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"{kind}\" d=\"");
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            switch (geometry.GetGeometryN(i))
            {
                case Polygon polygon:
                    Ring(polygon.ExteriorRing.CoordinateSequence, projection, close: true);
                    foreach (var hole in polygon.InteriorRings)
                    {
                        Ring(hole.CoordinateSequence, projection, close: true);
                    }

                    break;
                case LineString line:
                    Ring(line.CoordinateSequence, projection, close: false);
                    break;
                default:
                    break;
            }
        }

        svg.Append("\"/>\n");
    }

    private void Ring(CoordinateSequence ring, MapProjection projection, bool close)
    {
        for (var i = 0; i < ring.Count; i++)
        {
            var (x, y) = projection.MetresToPixels(ring.GetX(i), ring.GetY(i));
            svg.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? 'M' : 'L')}{x:0.0} {y:0.0}");
        }

        vertices += ring.Count;
        if (close)
        {
            svg.Append('Z');
        }
    }

    /// <summary>Moves lon/lat degrees (optionally through GCJ-02) into the map's local metres, in place.</summary>
    private sealed class ProjectingFilter(MapProjection projection, bool gcj02) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (lat, lon) = (seq.GetY(i), seq.GetX(i));
                if (gcj02)
                {
                    (lat, lon) = Gcj02.FromWgs84(lat, lon);
                }

                var (x, y) = projection.ToMetres(lat, lon);
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
