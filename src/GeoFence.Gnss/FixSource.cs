namespace GeoFence.Gnss;

/// <summary>Protocol that supplied a fix's position.</summary>
public enum FixSource
{
    /// <summary>NMEA 0183 sentences.</summary>
    Nmea = 0,

    /// <summary>u-blox UBX messages.</summary>
    Ubx = 1,
}
