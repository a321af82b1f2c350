namespace GeoFence.Gnss;

/// <summary>One receiver epoch merged from all its sentences/messages; absent values are null.</summary>
public readonly record struct Fix
{
    /// <summary>UTC time of the epoch.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>WGS-84 latitude in degrees, null when there is no position.</summary>
    public double? Latitude { get; init; }

    /// <summary>WGS-84 longitude in degrees, null when there is no position.</summary>
    public double? Longitude { get; init; }

    /// <summary>Height above the ellipsoid in metres.</summary>
    public double? AltitudeHae { get; init; }

    /// <summary>Height above mean sea level in metres.</summary>
    public double? AltitudeMsl { get; init; }

    /// <summary>Geoid separation (HAE minus MSL) in metres.</summary>
    public double? GeoidSeparation { get; init; }

    /// <summary>Dimension of the fix.</summary>
    public FixMode Mode { get; init; }

    /// <summary>Kind of solution.</summary>
    public FixQuality Quality { get; init; }

    /// <summary>Satellites used in the solution.</summary>
    public int? SatellitesUsed { get; init; }

    /// <summary>Horizontal dilution of precision.</summary>
    public double? Hdop { get; init; }

    /// <summary>Position dilution of precision.</summary>
    public double? Pdop { get; init; }

    /// <summary>Vertical dilution of precision.</summary>
    public double? Vdop { get; init; }

    /// <summary>Horizontal accuracy, 1 sigma metres (GST: sqrt of lat and lon variances; UBX hAcc).</summary>
    public double? HorizontalAccuracy { get; init; }

    /// <summary>Vertical accuracy, 1 sigma metres (GST altitude sigma; UBX vAcc).</summary>
    public double? VerticalAccuracy { get; init; }

    /// <summary>Speed over ground in metres per second.</summary>
    public double? SpeedMps { get; init; }

    /// <summary>Course over ground, degrees true.</summary>
    public double? CourseDeg { get; init; }

    /// <summary>Protocol that supplied the position.</summary>
    public FixSource Source { get; init; }

    /// <summary>Arrival timestamp (TimeProvider ticks) of the first byte of the epoch.</summary>
    public long FirstByteTimestamp { get; init; }
}
