using GeoFence.Zones.Geodesy;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace GeoFence.Zones.Index;

/// <summary>Builds a <see cref="ZoneGrid"/> from projected edges and, for areas, the projected polygon.</summary>
internal static class ZoneGridBuilder
{
    /// <summary>Target number of cells per edge (memory/speed trade-off).</summary>
    public const int CellsPerEdge = 4;

    /// <summary>Upper bound on cells per zone.</summary>
    public const int MaxCells = 1 << 20;

    /// <summary>Builds the grid over the edges' bounds grown by <paramref name="margin"/> frame metres.</summary>
    /// <param name="edges">ax, ay, bx, by per edge.</param>
    /// <param name="area">Projected polygon (same float coordinates as the edges), or null for circles and corridors.</param>
    /// <param name="margin">Largest threshold a query will use.</param>
    public static ZoneGrid Build(float[] edges, NetTopologySuite.Geometries.Geometry? area, double margin)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var i = 0; i < edges.Length; i += 2)
        {
            minX = Math.Min(minX, edges[i]);
            maxX = Math.Max(maxX, edges[i]);
            minY = Math.Min(minY, edges[i + 1]);
            maxY = Math.Max(maxY, edges[i + 1]);
        }

        minX -= margin;
        minY -= margin;
        maxX += margin;
        maxY += margin;
        var edgeCount = edges.Length / 4;
        var targetCells = Math.Clamp(edgeCount * CellsPerEdge, 4, MaxCells);
        var cellSize = Math.Sqrt((maxX - minX) * (maxY - minY) / targetCells);
        cellSize = Math.Max(cellSize, Math.Max(maxX - minX, maxY - minY) / 4096);
        var columns = Math.Max(1, (int)Math.Ceiling((maxX - minX) / cellSize));
        var rows = Math.Max(1, (int)Math.Ceiling((maxY - minY) / cellSize));
        var cellCount = columns * rows;

        // Count, then fill, the cells each edge crosses (closed cells, so boundary-touching counts).
        var counts = new int[cellCount + 1];
        ForEachEdgeCell(edges, minX, minY, cellSize, columns, rows, (cell, _) => counts[cell]++);
        var cellStart = new int[cellCount + 1];
        for (var c = 0; c < cellCount; c++)
        {
            cellStart[c + 1] = cellStart[c] + counts[c];
        }

        var cellEdges = new int[cellStart[cellCount]];
        var fill = (int[])cellStart.Clone();
        ForEachEdgeCell(edges, minX, minY, cellSize, columns, rows, (cell, edge) => cellEdges[fill[cell]++] = edge);

        var flags = new byte[cellCount];
        var locator = area is null ? null : new IndexedPointInAreaLocator(area);
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var cell = (y * columns) + x;
                if (locator is not null)
                {
                    flags[cell] = ChooseReference(locator, edges, cellEdges, cellStart[cell], cellStart[cell + 1],
                        minX + (x * cellSize), minY + (y * cellSize), cellSize);
                }
            }
        }

        var clearance = ComputeClearance(cellStart, columns, rows);
        return new ZoneGrid(edges, cellStart, cellEdges, flags, clearance, minX, minY, cellSize, columns, rows);
    }

    private static void ForEachEdgeCell(float[] edges, double minX, double minY, double cellSize, int columns, int rows, Action<int, int> visit)
    {
        const double slack = 1e-6;
        for (var e = 0; e < edges.Length / 4; e++)
        {
            double ax = edges[4 * e], ay = edges[(4 * e) + 1], bx = edges[(4 * e) + 2], by = edges[(4 * e) + 3];
            var x0 = Math.Clamp((int)Math.Floor((Math.Min(ax, bx) - slack - minX) / cellSize), 0, columns - 1);
            var x1 = Math.Clamp((int)Math.Floor((Math.Max(ax, bx) + slack - minX) / cellSize), 0, columns - 1);
            var y0 = Math.Clamp((int)Math.Floor((Math.Min(ay, by) - slack - minY) / cellSize), 0, rows - 1);
            var y1 = Math.Clamp((int)Math.Floor((Math.Max(ay, by) + slack - minY) / cellSize), 0, rows - 1);
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    double cx = minX + (x * cellSize), cy = minY + (y * cellSize);
                    if ((x0 == x1 && y0 == y1)
                        || PlanarMath.SegmentRectDistanceSquared(ax, ay, bx, by, cx - slack, cy - slack, cx + cellSize + slack, cy + cellSize + slack) == 0)
                    {
                        visit((y * columns) + x, e);
                    }
                }
            }
        }
    }

    private static byte ChooseReference(IndexedPointInAreaLocator locator, float[] edges, int[] cellEdges, int start, int end,
        double cellX, double cellY, double cellSize)
    {
        var fractions = ZoneGrid.ReferenceFractions;
        var best = 0;
        var bestDistance = -1.0;
        for (var k = 0; k < fractions.Length / 2; k++)
        {
            var rx = cellX + (fractions[2 * k] * cellSize);
            var ry = cellY + (fractions[(2 * k) + 1] * cellSize);
            var nearest = double.MaxValue;
            for (var i = start; i < end; i++)
            {
                var e = cellEdges[i] * 4;
                nearest = Math.Min(nearest, PlanarMath.PointSegmentDistanceSquared(rx, ry, edges[e], edges[e + 1], edges[e + 2], edges[e + 3]));
            }

            if (nearest > bestDistance)
            {
                best = k;
                bestDistance = nearest;
            }

            if (nearest > 1e-4 * cellSize * cellSize)
            {
                break; // clear of every edge: a safe reference
            }
        }

        var px = cellX + (fractions[2 * best] * cellSize);
        var py = cellY + (fractions[(2 * best) + 1] * cellSize);
        var inside = locator.Locate(new Coordinate(px, py)) != Location.Exterior;
        return (byte)((best << 1) | (inside ? 1 : 0));
    }

    // Multi-source BFS over 8-neighbours: Chebyshev steps from each edge-free cell to the nearest edge cell.
    private static byte[] ComputeClearance(int[] cellStart, int columns, int rows)
    {
        var steps = new byte[columns * rows];
        var queue = new Queue<int>();
        for (var c = 0; c < steps.Length; c++)
        {
            if (cellStart[c] != cellStart[c + 1])
            {
                queue.Enqueue(c);
            }
            else
            {
                steps[c] = byte.MaxValue;
            }
        }

        while (queue.Count > 0)
        {
            var c = queue.Dequeue();
            var next = steps[c] + 1;
            if (next >= byte.MaxValue)
            {
                continue;
            }

            int cx = c % columns, cy = c / columns;
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    int nx = cx + dx, ny = cy + dy;
                    if (nx < 0 || ny < 0 || nx >= columns || ny >= rows)
                    {
                        continue;
                    }

                    var n = (ny * columns) + nx;
                    if (steps[n] > next)
                    {
                        steps[n] = (byte)next;
                        queue.Enqueue(n);
                    }
                }
            }
        }

        return steps;
    }
}
