namespace GeoFence.Sanitizing.Policy;

/// <summary>Datum of outgoing coordinates.</summary>
public enum OutputDatum
{
    /// <summary>WGS-84, as the receiver reports.</summary>
    Wgs84 = 1,

    /// <summary>CGCS2000: numerically equal to WGS-84 at the sub-metre level; coordinates are not transformed, only labelled.</summary>
    Cgcs2000 = 2,

    /// <summary>GCJ-02 display transform (public formula); an obfuscation for map display, not a protection.</summary>
    Gcj02 = 3,
}
