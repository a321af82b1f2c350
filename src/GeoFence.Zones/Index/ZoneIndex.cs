namespace GeoFence.Zones.Index;

/// <summary>
/// Global uniform lon/lat grid over the zones' query envelopes (CSR arrays). A point query reads one cell; a segment
/// query walks the cells of its envelope and reports each zone once (reference-corner de-duplication, no allocation).
/// </summary>
internal sealed class ZoneIndex
{
    private readonly CompiledZone[] _zones;
    private readonly double[] _bounds; // minLon, minLat, maxLon, maxLat per zone
    private readonly int[] _cellStart;
    private readonly int[] _cellZones;
    private readonly double _minLon;
    private readonly double _minLat;
    private readonly double _inverseCell;
    private readonly int _columns;
    private readonly int _rows;

    /// <summary>Builds the index over compiled zones.</summary>
    public ZoneIndex(CompiledZone[] zones)
    {
        _zones = zones;
        _bounds = new double[zones.Length * 4];
        double minLon = 180, minLat = 90, maxLon = -180, maxLat = -90;
        var sizes = new double[zones.Length];
        for (var i = 0; i < zones.Length; i++)
        {
            var z = zones[i];
            _bounds[4 * i] = z.MinLongitude;
            _bounds[(4 * i) + 1] = z.MinLatitude;
            _bounds[(4 * i) + 2] = z.MaxLongitude;
            _bounds[(4 * i) + 3] = z.MaxLatitude;
            minLon = Math.Min(minLon, z.MinLongitude);
            minLat = Math.Min(minLat, z.MinLatitude);
            maxLon = Math.Max(maxLon, z.MaxLongitude);
            maxLat = Math.Max(maxLat, z.MaxLatitude);
            sizes[i] = Math.Max(z.MaxLongitude - z.MinLongitude, z.MaxLatitude - z.MinLatitude);
        }

        if (zones.Length == 0)
        {
            minLon = minLat = 0;
            maxLon = maxLat = 1;
        }

        Array.Sort(sizes);
        var median = zones.Length == 0 ? 1 : sizes[sizes.Length / 2];
        var width = Math.Max(maxLon - minLon, 1e-6);
        var height = Math.Max(maxLat - minLat, 1e-6);
        var cell = Math.Max(Math.Sqrt(width * height / Math.Max(1, 2 * zones.Length)), median);
        cell = Math.Max(cell, Math.Max(width, height) / 4096);
        _columns = Math.Max(1, (int)Math.Ceiling(width / cell));
        _rows = Math.Max(1, (int)Math.Ceiling(height / cell));
        _minLon = minLon;
        _minLat = minLat;
        _inverseCell = 1 / cell;

        var counts = new int[(_columns * _rows) + 1];
        ForEachZoneCell((c, _) => counts[c]++);
        _cellStart = new int[counts.Length];
        for (var c = 0; c + 1 < counts.Length; c++)
        {
            _cellStart[c + 1] = _cellStart[c] + counts[c];
        }

        _cellZones = new int[_cellStart[^1]];
        var fill = (int[])_cellStart.Clone();
        ForEachZoneCell((c, z) => _cellZones[fill[c]++] = z);
    }

    /// <summary>The compiled zones in policy order.</summary>
    public IReadOnlyList<CompiledZone> Zones => _zones;

    /// <summary>Bytes held by the index arrays (not the zones).</summary>
    public long MemoryBytes => (_bounds.Length * 8L) + (_cellStart.Length * 4L) + (_cellZones.Length * 4L) + (_zones.Length * 8L);

    /// <summary>Calls <paramref name="visit"/> for each zone whose query envelope contains the point.</summary>
    public void VisitPoint<TVisitor>(double latitude, double longitude, ref TVisitor visit)
        where TVisitor : struct, IZoneVisitor
    {
        var cx = (int)Math.Floor((longitude - _minLon) * _inverseCell);
        var cy = (int)Math.Floor((latitude - _minLat) * _inverseCell);
        if (cx < 0 || cy < 0 || cx >= _columns || cy >= _rows)
        {
            return;
        }

        var cell = (cy * _columns) + cx;
        for (int i = _cellStart[cell], end = _cellStart[cell + 1]; i < end; i++)
        {
            var z = _cellZones[i];
            var b = 4 * z;
            if (longitude >= _bounds[b] && latitude >= _bounds[b + 1] && longitude <= _bounds[b + 2] && latitude <= _bounds[b + 3])
            {
                visit.Visit(_zones[z]);
            }
        }
    }

    /// <summary>Calls <paramref name="visit"/> once for each zone whose query envelope meets the box.</summary>
    public void VisitBox<TVisitor>(double minLat, double minLon, double maxLat, double maxLon, ref TVisitor visit)
        where TVisitor : struct, IZoneVisitor
    {
        var x0 = Math.Max(0, (int)Math.Floor((minLon - _minLon) * _inverseCell));
        var y0 = Math.Max(0, (int)Math.Floor((minLat - _minLat) * _inverseCell));
        var x1 = Math.Min(_columns - 1, (int)Math.Floor((maxLon - _minLon) * _inverseCell));
        var y1 = Math.Min(_rows - 1, (int)Math.Floor((maxLat - _minLat) * _inverseCell));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var cell = (y * _columns) + x;
                for (int i = _cellStart[cell], end = _cellStart[cell + 1]; i < end; i++)
                {
                    var z = _cellZones[i];
                    var b = 4 * z;
                    if (maxLon < _bounds[b] || maxLat < _bounds[b + 1] || minLon > _bounds[b + 2] || minLat > _bounds[b + 3])
                    {
                        continue;
                    }

                    // Report the zone only in the cell holding the lower-left corner of the overlap.
                    var rx = Math.Max(0, (int)Math.Floor((Math.Max(minLon, _bounds[b]) - _minLon) * _inverseCell));
                    var ry = Math.Max(0, (int)Math.Floor((Math.Max(minLat, _bounds[b + 1]) - _minLat) * _inverseCell));
                    if (Math.Min(rx, _columns - 1) == x && Math.Min(ry, _rows - 1) == y)
                    {
                        visit.Visit(_zones[z]);
                    }
                }
            }
        }
    }

    private void ForEachZoneCell(Action<int, int> add)
    {
        for (var z = 0; z < _zones.Length; z++)
        {
            var b = 4 * z;
            var x0 = Math.Clamp((int)Math.Floor((_bounds[b] - _minLon) * _inverseCell), 0, _columns - 1);
            var y0 = Math.Clamp((int)Math.Floor((_bounds[b + 1] - _minLat) * _inverseCell), 0, _rows - 1);
            var x1 = Math.Clamp((int)Math.Floor((_bounds[b + 2] - _minLon) * _inverseCell), 0, _columns - 1);
            var y1 = Math.Clamp((int)Math.Floor((_bounds[b + 3] - _minLat) * _inverseCell), 0, _rows - 1);
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    add((y * _columns) + x, z);
                }
            }
        }
    }
}

/// <summary>Receives candidate zones from <see cref="ZoneIndex"/> queries (a struct: no allocation, inlined).</summary>
internal interface IZoneVisitor
{
    /// <summary>Called once per candidate zone.</summary>
    void Visit(CompiledZone zone);
}
