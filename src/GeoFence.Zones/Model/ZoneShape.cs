namespace GeoFence.Zones.Model;

/// <summary>The geometric kind of a zone.</summary>
public enum ZoneShape
{
    /// <summary>Polygon or MultiPolygon (holes allowed).</summary>
    Area = 0,

    /// <summary>Point with <c>radius_m</c>.</summary>
    Circle = 1,

    /// <summary>LineString with <c>width_m</c> (full width; half on each side).</summary>
    Corridor = 2,
}
