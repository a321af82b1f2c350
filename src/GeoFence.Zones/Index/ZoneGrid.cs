using GeoFence.Zones.Geodesy;

namespace GeoFence.Zones.Index;

/// <summary>
/// A per-zone cell grid in frame metres. Each cell lists the edges that cross it; an edge-free cell knows whether it is
/// inside and how far (at least) it is from the nearest edge, so most queries settle in O(1). An edge cell keeps a
/// reference point whose inside/outside state is known; a query counts crossings of the segment reference→point
/// against the cell's edges only.
/// </summary>
internal sealed class ZoneGrid
{
    private const byte InsideFlag = 1;

    private readonly float[] _edges; // ax, ay, bx, by per edge, frame metres
    private readonly int[] _cellStart; // CSR: edges of cell c are _cellEdges[_cellStart[c] .. _cellStart[c + 1])
    private readonly int[] _cellEdges;
    private readonly byte[] _cellFlags; // bit 0 inside (edge-free cell) or reference inside (edge cell); bits 1-3 reference index
    private readonly byte[] _cellClearance; // edge-free cells: Chebyshev cell steps to the nearest edge cell (capped)
    private readonly double _minX;
    private readonly double _minY;
    private readonly double _cellSize;
    private readonly double _inverseCellSize;
    private readonly int _columns;
    private readonly int _rows;

    /// <summary>Creates a grid from its parts (see <see cref="ZoneGridBuilder"/>).</summary>
    public ZoneGrid(float[] edges, int[] cellStart, int[] cellEdges, byte[] cellFlags, byte[] cellClearance,
        double minX, double minY, double cellSize, int columns, int rows)
    {
        _edges = edges;
        _cellStart = cellStart;
        _cellEdges = cellEdges;
        _cellFlags = cellFlags;
        _cellClearance = cellClearance;
        _minX = minX;
        _minY = minY;
        _cellSize = cellSize;
        _inverseCellSize = 1 / cellSize;
        _columns = columns;
        _rows = rows;
    }

    /// <summary>Reference points per cell, as fractions of the cell: centre first, then four quarter points.</summary>
    internal static ReadOnlySpan<double> ReferenceFractions => [0.5, 0.5, 0.25, 0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.75];

    /// <summary>Bytes held by this grid's arrays.</summary>
    public long MemoryBytes =>
        (_edges.Length * 4L) + (_cellStart.Length * 4L) + (_cellEdges.Length * 4L) + _cellFlags.Length + _cellClearance.Length + 160;

    /// <summary>Number of edges.</summary>
    public int EdgeCount => _edges.Length / 4;

    /// <summary>True when the point is in the interior (areas only; callers check distance first for boundary points).</summary>
    public bool IsInside(double px, double py)
    {
        if (!TryCell(px, py, out var cx, out var cy))
        {
            return false;
        }

        var cell = (cy * _columns) + cx;
        var flags = _cellFlags[cell];
        var inside = (flags & InsideFlag) != 0;
        var start = _cellStart[cell];
        var end = _cellStart[cell + 1];
        if (start == end)
        {
            return inside;
        }

        var fractions = ReferenceFractions;
        var referenceIndex = (flags >> 1) & 7;
        var rx = _minX + ((cx + fractions[2 * referenceIndex]) * _cellSize);
        var ry = _minY + ((cy + fractions[(2 * referenceIndex) + 1]) * _cellSize);
        for (var i = start; i < end; i++)
        {
            var e = _cellEdges[i] * 4;
            double ax = _edges[e], ay = _edges[e + 1], bx = _edges[e + 2], by = _edges[e + 3];
            var sideA = PlanarMath.Orient(rx, ry, px, py, ax, ay) > 0;
            var sideB = PlanarMath.Orient(rx, ry, px, py, bx, by) > 0;
            if (sideA != sideB
                && (PlanarMath.Orient(ax, ay, bx, by, rx, ry) > 0) != (PlanarMath.Orient(ax, ay, bx, by, px, py) > 0))
            {
                inside = !inside;
            }
        }

        return inside;
    }

    /// <summary>True when some edge lies within <paramref name="threshold"/> frame metres of the point.</summary>
    public bool AnyEdgeWithin(double px, double py, double threshold)
    {
        if (TryCell(px, py, out var cx, out var cy))
        {
            var cell = (cy * _columns) + cx;
            if (_cellStart[cell] == _cellStart[cell + 1] && (_cellClearance[cell] - 1) * _cellSize > threshold)
            {
                return false; // settled in O(1): the nearest edge is farther than the threshold
            }
        }

        var x0 = Clamp((int)Math.Floor((px - threshold - _minX) * _inverseCellSize), _columns);
        var x1 = Clamp((int)Math.Floor((px + threshold - _minX) * _inverseCellSize), _columns);
        var y0 = Clamp((int)Math.Floor((py - threshold - _minY) * _inverseCellSize), _rows);
        var y1 = Clamp((int)Math.Floor((py + threshold - _minY) * _inverseCellSize), _rows);
        var limit = threshold * threshold;
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var cell = (y * _columns) + x;
                for (int i = _cellStart[cell], end = _cellStart[cell + 1]; i < end; i++)
                {
                    var e = _cellEdges[i] * 4;
                    if (PlanarMath.PointSegmentDistanceSquared(px, py, _edges[e], _edges[e + 1], _edges[e + 2], _edges[e + 3]) <= limit)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>True when some edge lies within <paramref name="threshold"/> frame metres of the segment pq.</summary>
    public bool AnyEdgeWithin(double px, double py, double qx, double qy, double threshold)
    {
        var x0 = Clamp((int)Math.Floor((Math.Min(px, qx) - threshold - _minX) * _inverseCellSize), _columns);
        var x1 = Clamp((int)Math.Floor((Math.Max(px, qx) + threshold - _minX) * _inverseCellSize), _columns);
        var y0 = Clamp((int)Math.Floor((Math.Min(py, qy) - threshold - _minY) * _inverseCellSize), _rows);
        var y1 = Clamp((int)Math.Floor((Math.Max(py, qy) + threshold - _minY) * _inverseCellSize), _rows);
        var limit = threshold * threshold;
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var cell = (y * _columns) + x;
                var start = _cellStart[cell];
                var end = _cellStart[cell + 1];
                if (start == end)
                {
                    continue;
                }

                double cellX = _minX + (x * _cellSize), cellY = _minY + (y * _cellSize);
                if (PlanarMath.SegmentRectDistanceSquared(px, py, qx, qy, cellX, cellY, cellX + _cellSize, cellY + _cellSize) > limit)
                {
                    continue;
                }

                for (var i = start; i < end; i++)
                {
                    var e = _cellEdges[i] * 4;
                    if (PlanarMath.SegmentSegmentDistanceSquared(px, py, qx, qy, _edges[e], _edges[e + 1], _edges[e + 2], _edges[e + 3]) <= limit)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    // Windows partly or wholly outside the grid clamp to its border cells; distances stay exact, so answers too.
    private static int Clamp(int value, int count) => value < 0 ? 0 : value >= count ? count - 1 : value;

    private bool TryCell(double px, double py, out int cx, out int cy)
    {
        var fx = (px - _minX) * _inverseCellSize;
        var fy = (py - _minY) * _inverseCellSize;
        cx = (int)fx;
        cy = (int)fy;
        return fx >= 0 && fy >= 0 && cx < _columns && cy < _rows;
    }
}
