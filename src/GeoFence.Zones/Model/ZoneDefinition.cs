using NetTopologySuite.Geometries;

namespace GeoFence.Zones.Model;

/// <summary>One zone as the signed policy states it (geometry in lon/lat degrees). Sensitive: never log it.</summary>
/// <param name="Id">Identifier used in decisions and audit (not a coordinate).</param>
/// <param name="Action">Block, redact or permit.</param>
/// <param name="Shape">Area, circle or corridor.</param>
/// <param name="Geometry">Polygon/MultiPolygon, Point or LineString in lon/lat.</param>
/// <param name="RadiusMetres">Circle radius, or half the corridor width; 0 for areas.</param>
/// <param name="BufferMetres">Growth of the zone when matching (block/redact) or shrink (permit).</param>
/// <param name="RedactGridMetres">Grid size for redact zones; 0 otherwise.</param>
/// <param name="Validity">When the zone is in force.</param>
/// <param name="Name">Optional human name: sensitive, never logged or printed.</param>
public sealed record ZoneDefinition(
    string Id,
    ZoneAction Action,
    ZoneShape Shape,
    NetTopologySuite.Geometries.Geometry Geometry,
    double RadiusMetres,
    double BufferMetres,
    double RedactGridMetres,
    ZoneValidity Validity,
    string? Name)
{
    /// <summary>Number of vertices in the geometry.</summary>
    public int VertexCount => Geometry.NumPoints;

    /// <summary>Lon/lat envelope of the unbuffered geometry.</summary>
    public Envelope Envelope => Geometry.EnvelopeInternal;

    /// <inheritdoc />
    public override string ToString() => $"Zone {Id} ({Action}, {Shape})";
}
