namespace GeoFence.Gnss.Nmea;

/// <summary>Groups of <see cref="SentenceData"/> values a kind of sentence can set; the merge looks only at those.</summary>
[Flags]
internal enum SentenceContents
{
    /// <summary>No value beyond time, date, quality, satellites and mode (always merged).</summary>
    None = 0,

    /// <summary>Latitude and longitude.</summary>
    Position = 1,

    /// <summary>Altitude above mean sea level, geoid separation, height above the ellipsoid.</summary>
    Heights = 2,

    /// <summary>Horizontal and vertical accuracy.</summary>
    Accuracy = 4,

    /// <summary>Horizontal, position and vertical DOP.</summary>
    Dops = 8,

    /// <summary>Speed and course over ground.</summary>
    Motion = 16,

    /// <summary>Everything (UBX).</summary>
    All = Position | Heights | Accuracy | Dops | Motion,
}
