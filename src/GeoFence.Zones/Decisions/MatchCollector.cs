using GeoFence.Zones.Index;
using GeoFence.Zones.Model;

namespace GeoFence.Zones.Decisions;

/// <summary>Collects zones that apply to one fix (and its segment from the previous fix); allocates only on a match.</summary>
internal struct MatchCollector : IZoneVisitor
{
    private readonly DateTimeOffset _time;
    private readonly double _errorRadius;
    private readonly double _segmentRadius;
    private readonly double _lat;
    private readonly double _lon;
    private readonly double _previousLat;
    private readonly double _previousLon;
    private readonly bool _segmentMode;
    private List<string>? _zoneIds;

    public MatchCollector(DateTimeOffset time, double lat, double lon, double errorRadius)
    {
        _time = time;
        _lat = lat;
        _lon = lon;
        _errorRadius = errorRadius;
    }

    public MatchCollector(DateTimeOffset time, double lat, double lon, double previousLat, double previousLon, double segmentRadius, MatchCollector pointMatches)
        : this(time, lat, lon, segmentRadius)
    {
        _previousLat = previousLat;
        _previousLon = previousLon;
        _segmentRadius = segmentRadius;
        _segmentMode = true;
        _zoneIds = pointMatches._zoneIds;
        Blocks = pointMatches.Blocks;
        Redacts = pointMatches.Redacts;
        Permits = pointMatches.Permits;
        RedactGridMetres = pointMatches.RedactGridMetres;
    }

    public bool Blocks { get; private set; }

    public bool Redacts { get; private set; }

    public bool Permits { get; private set; }

    public bool SegmentOnly { get; private set; }

    public double RedactGridMetres { get; private set; }

    public readonly IReadOnlyList<string> ZoneIds => _zoneIds ?? (IReadOnlyList<string>)[];

    public void Visit(CompiledZone zone)
    {
        var definition = zone.Definition;
        if (!definition.Validity.IsAlways && !definition.Validity.IsActiveAt(_time))
        {
            return;
        }

        if (definition.Action == ZoneAction.Permit)
        {
            if (!_segmentMode && zone.Contains(_lat, _lon, _errorRadius))
            {
                Permits = true;
                Add(definition.Id);
            }

            return;
        }

        if (_segmentMode)
        {
            if ((definition.Action == ZoneAction.Block && Blocks) || _zoneIds?.Contains(definition.Id) == true
                || !zone.IntersectsSegment(_previousLat, _previousLon, _lat, _lon, _segmentRadius))
            {
                return;
            }

            SegmentOnly = true;
        }
        else if (!zone.Intersects(_lat, _lon, _errorRadius))
        {
            return;
        }

        Add(definition.Id);
        if (definition.Action == ZoneAction.Block)
        {
            Blocks = true;
        }
        else
        {
            Redacts = true;
            RedactGridMetres = Math.Max(RedactGridMetres, definition.RedactGridMetres);
        }
    }

    private void Add(string id) => (_zoneIds ??= []).Add(id);
}
