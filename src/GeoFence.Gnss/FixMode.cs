namespace GeoFence.Gnss;

/// <summary>Dimension of a fix, as gpsd's mode 1/2/3.</summary>
public enum FixMode
{
    /// <summary>No position (gpsd mode 1).</summary>
    NoFix = 1,

    /// <summary>Horizontal position only (gpsd mode 2).</summary>
    TwoD = 2,

    /// <summary>Horizontal position and altitude (gpsd mode 3).</summary>
    ThreeD = 3,
}
