using GeoFence.Gnss;
using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;

namespace GeoFence.Sanitizing.Redaction;

/// <summary>Turns a usable fix into outgoing values for the precise or the redacted level; nothing else is read from the fix.</summary>
internal sealed class ContentBuilder(OutputRules rules, DriftingGridOffset offset)
{
    private readonly OutputFields preciseFields = OutgoingFieldSet.Permitted(OutputLevel.Precise, rules);
    private readonly OutputFields redactedFields = OutgoingFieldSet.Permitted(OutputLevel.Redacted, rules);
    private readonly OutputFields heartbeatFields = OutgoingFieldSet.Permitted(OutputLevel.Heartbeat, rules);

    /// <summary>Allow: permitted fields, precision capped at the policy maximum, datum as configured.</summary>
    public OutgoingContent Precise(in Fix fix)
    {
        var precision = rules.MaxPrecisionMetres;
        var (lat, lon) = ToDatum(fix.Latitude!.Value, fix.Longitude!.Value);
        (lat, lon) = GridSnapper.Snap(lat, lon, precision, 0, 0);
        var content = new OutgoingContent
        {
            Level = OutputLevel.Precise,
            Datum = rules.Datum,
            Time = TruncateToMilliseconds(fix.Time),
            Latitude = lat,
            Longitude = lon,
            AltitudeHae = RoundTo(fix.AltitudeHae, precision),
            AltitudeMsl = RoundTo(fix.AltitudeMsl, precision),
            HorizontalErrorMetres = fix.HorizontalAccuracy is { } eph ? RoundTo(Math.Max(eph, precision), 0.01) : null,
            SpeedMps = RoundTo(fix.SpeedMps, 0.01),
            CourseDeg = RoundTo(fix.CourseDeg, 0.1) % 360.0,
            Mode = fix.Mode,
        };
        return Mask(content, preciseFields);
    }

    /// <summary>Redact: grid plus the secret drifting offset, coarse time, altitude dropped or stepped, no motion, eph = grid.</summary>
    public OutgoingContent Redacted(in Fix fix, double gridMetres)
    {
        var grid = Math.Max(gridMetres, rules.MaxPrecisionMetres);
        var step = Floor(fix.Time, rules.RedactTimeStep);
        var (north, east) = offset.At(step); // one offset per time step: repeated fixes in a step give one answer
        var (lat, lon) = GridSnapper.Snap(fix.Latitude!.Value, fix.Longitude!.Value, grid, north, east);
        (lat, lon) = ToDatum(lat, lon);
        var altitudeStep = rules.RedactAltitudeStepMetres;
        var content = new OutgoingContent
        {
            Level = OutputLevel.Redacted,
            Datum = rules.Datum,
            Time = step,
            Latitude = lat,
            Longitude = lon,
            AltitudeHae = altitudeStep is { } s1 ? RoundTo(fix.AltitudeHae, s1) : null,
            AltitudeMsl = altitudeStep is { } s2 ? RoundTo(fix.AltitudeMsl, s2) : null,
            HorizontalErrorMetres = grid,
            Mode = fix.Mode,
        };
        return Mask(content, redactedFields);
    }

    /// <summary>A positionless heartbeat at a cadence tick.</summary>
    public OutgoingContent Heartbeat(DateTimeOffset tick) =>
        Mask(new OutgoingContent { Level = OutputLevel.Heartbeat, Datum = rules.Datum, Time = tick }, heartbeatFields);

    /// <summary>Time floored to a step (UTC).</summary>
    public static DateTimeOffset Floor(DateTimeOffset time, TimeSpan step)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % step.Ticks), TimeSpan.Zero);
    }

    private (double Latitude, double Longitude) ToDatum(double lat, double lon) =>
        rules.Datum == OutputDatum.Gcj02 ? Gcj02.FromWgs84(lat, lon) : (lat, lon); // CGCS2000 equals WGS-84 below a metre

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset time) => Floor(time, TimeSpan.FromMilliseconds(1));

    private static double? RoundTo(double? value, double step) => value is { } v ? Math.Round(v / step) * step : null;

    private static OutgoingContent Mask(OutgoingContent content, OutputFields allowed)
    {
        var hasAltitude = (allowed & (OutputFields.AltitudeHae | OutputFields.AltitudeMsl)) != 0
            && (content.AltitudeHae is not null || content.AltitudeMsl is not null);
        return content with
        {
            Time = Has(allowed, OutputFields.Time) ? content.Time : null,
            Latitude = Has(allowed, OutputFields.Position) ? content.Latitude : null,
            Longitude = Has(allowed, OutputFields.Position) ? content.Longitude : null,
            AltitudeHae = Has(allowed, OutputFields.AltitudeHae) ? content.AltitudeHae : null,
            AltitudeMsl = Has(allowed, OutputFields.AltitudeMsl) ? content.AltitudeMsl : null,
            HorizontalErrorMetres = Has(allowed, OutputFields.HorizontalError) ? content.HorizontalErrorMetres : null,
            SpeedMps = Has(allowed, OutputFields.Speed) ? content.SpeedMps : null,
            CourseDeg = Has(allowed, OutputFields.Course) ? content.CourseDeg : null,
            Mode = Has(allowed, OutputFields.Mode) && content.Mode is { } mode ? (hasAltitude ? mode : FixMode.TwoD) : null,
        };
    }

    private static bool Has(OutputFields allowed, OutputFields field) => (allowed & field) == field;
}
