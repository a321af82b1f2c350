using GeoFence.Zones.Geodesy;
using GeoFence.Zones.Model;

namespace GeoFence.Zones.Index;

/// <summary>
/// A zone ready for queries: its own metric frame, its edges (ring edges for areas, centre line for corridors, the
/// centre for circles) in a <see cref="ZoneGrid"/>, and a base radius (circle radius, corridor half width, 0 for areas).
/// The zone's region is interior ∪ {points within base radius of the edges}.
/// </summary>
internal sealed class CompiledZone
{
    private readonly LocalFrame _frame;
    private readonly ZoneGrid _grid;
    private readonly bool _hasInterior;

    /// <summary>Creates a compiled zone from its parts (see <see cref="ZoneCompiler"/>).</summary>
    public CompiledZone(ZoneDefinition definition, LocalFrame frame, ZoneGrid grid, double maxMarginMetres,
        double minLatitude, double maxLatitude, double minLongitude, double maxLongitude)
    {
        Definition = definition;
        _frame = frame;
        _grid = grid;
        _hasInterior = definition.Shape == ZoneShape.Area;
        MaxMarginMetres = maxMarginMetres;
        MinLatitude = minLatitude;
        MaxLatitude = maxLatitude;
        MinLongitude = minLongitude;
        MaxLongitude = maxLongitude;
    }

    /// <summary>The zone as the policy states it.</summary>
    public ZoneDefinition Definition { get; }

    /// <summary>Largest true distance (metres) from the zone at which a query can still match it.</summary>
    public double MaxMarginMetres { get; }

    /// <summary>South edge of the query envelope (zone grown by its largest margin), degrees.</summary>
    public double MinLatitude { get; }

    /// <summary>North edge of the query envelope, degrees.</summary>
    public double MaxLatitude { get; }

    /// <summary>West edge of the query envelope, degrees.</summary>
    public double MinLongitude { get; }

    /// <summary>East edge of the query envelope, degrees.</summary>
    public double MaxLongitude { get; }

    /// <summary>Bytes held by the compiled form (grid arrays and frame).</summary>
    public long MemoryBytes => _grid.MemoryBytes + 64 + 120;

    /// <summary>
    /// True when the error circle of radius <paramref name="errorRadiusMetres"/> around the point intersects the zone
    /// grown by its buffer. Never under-matches: metric thresholds are scaled by the frame's largest distortion.
    /// </summary>
    public bool Intersects(double latitude, double longitude, double errorRadiusMetres)
    {
        var (x, y) = _frame.Project(latitude, longitude);
        var threshold = _frame.MaxScale * (Definition.RadiusMetres + Definition.BufferMetres + errorRadiusMetres);
        return _grid.AnyEdgeWithin(x, y, threshold) || (_hasInterior && _grid.IsInside(x, y));
    }

    /// <summary>True when the segment between two fixes, grown by the error radius, touches the zone grown by its buffer.</summary>
    public bool IntersectsSegment(double lat1, double lon1, double lat2, double lon2, double errorRadiusMetres)
    {
        var (x1, y1) = _frame.Project(lat1, lon1);
        var (x2, y2) = _frame.Project(lat2, lon2);
        var threshold = _frame.MaxScale * (Definition.RadiusMetres + Definition.BufferMetres + errorRadiusMetres);
        return _grid.AnyEdgeWithin(x1, y1, x2, y2, threshold)
            || (_hasInterior && (_grid.IsInside(x1, y1) || _grid.IsInside(x2, y2)));
    }

    /// <summary>
    /// True when the whole error circle lies inside the zone shrunk by its buffer (used for permit zones: a licensed
    /// area lifts the default only when the fix is surely in it). Never over-contains.
    /// </summary>
    public bool Contains(double latitude, double longitude, double errorRadiusMetres)
    {
        var (x, y) = _frame.Project(latitude, longitude);
        var margin = Definition.BufferMetres + errorRadiusMetres;
        if (_hasInterior)
        {
            return !_grid.AnyEdgeWithin(x, y, _frame.MaxScale * margin) && _grid.IsInside(x, y);
        }

        var reach = Definition.RadiusMetres - margin;
        return reach > 0 && _grid.AnyEdgeWithin(x, y, _frame.MinScale * reach);
    }
}
