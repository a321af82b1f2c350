using GeoFence.Gnss;
using GeoFence.Sanitizing.Policy;

namespace GeoFence.Sanitizing.Output;

/// <summary>The already-sanitised values of a record before it gets its sequence number.</summary>
internal readonly record struct OutgoingContent
{
    public required OutputLevel Level { get; init; }

    public required OutputDatum Datum { get; init; }

    public DateTimeOffset? Time { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public double? AltitudeHae { get; init; }

    public double? AltitudeMsl { get; init; }

    public double? HorizontalErrorMetres { get; init; }

    public double? SpeedMps { get; init; }

    public double? CourseDeg { get; init; }

    public FixMode? Mode { get; init; }

    /// <summary>The same content without speed and course (trajectory guard margin).</summary>
    public OutgoingContent WithoutMotion() => this with { SpeedMps = null, CourseDeg = null };
}
