using GeoFence.Gnss;
using GeoFence.Sanitizing.Policy;

namespace GeoFence.Sanitizing.Output;

/// <summary>
/// The only thing that may leave the process. Built only by the sanitiser (internal constructor, no factory, not a record,
/// immutable); every value in it has already passed the policy's output rules and the trajectory guard.
/// </summary>
public sealed class CompliantFix
{
    internal CompliantFix(long sequence, in OutgoingContent content)
    {
        Sequence = sequence;
        Level = content.Level;
        Datum = content.Datum;
        Time = content.Time;
        Latitude = content.Latitude;
        Longitude = content.Longitude;
        AltitudeHae = content.AltitudeHae;
        AltitudeMsl = content.AltitudeMsl;
        HorizontalErrorMetres = content.HorizontalErrorMetres;
        SpeedMps = content.SpeedMps;
        CourseDeg = content.CourseDeg;
        Mode = content.Mode;
    }

    /// <summary>Outgoing sequence number: counts outgoing records only, so it reveals no gap.</summary>
    public long Sequence { get; }

    /// <summary>Precise, redacted or heartbeat.</summary>
    public OutputLevel Level { get; }

    /// <summary>Datum of <see cref="Latitude"/> and <see cref="Longitude"/>.</summary>
    public OutputDatum Datum { get; }

    /// <summary>UTC time (coarsened for redacted records), or null when not allowed.</summary>
    public DateTimeOffset? Time { get; }

    /// <summary>Latitude in degrees, or null.</summary>
    public double? Latitude { get; }

    /// <summary>Longitude in degrees, or null.</summary>
    public double? Longitude { get; }

    /// <summary>Height above the ellipsoid in metres, or null.</summary>
    public double? AltitudeHae { get; }

    /// <summary>Height above mean sea level in metres, or null.</summary>
    public double? AltitudeMsl { get; }

    /// <summary>Horizontal error estimate in metres (the grid size for redacted records), or null.</summary>
    public double? HorizontalErrorMetres { get; }

    /// <summary>Speed over ground in metres per second, or null.</summary>
    public double? SpeedMps { get; }

    /// <summary>Course over ground in degrees true, or null.</summary>
    public double? CourseDeg { get; }

    /// <summary>2D or 3D, or null.</summary>
    public FixMode? Mode { get; }

    /// <summary>True when the record carries a position.</summary>
    public bool HasPosition => Latitude is not null && Longitude is not null;

    /// <summary>Names the level and sequence only; never values.</summary>
    public override string ToString() => $"CompliantFix #{Sequence} {Level}";
}
