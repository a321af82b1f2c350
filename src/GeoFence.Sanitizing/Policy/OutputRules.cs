namespace GeoFence.Sanitizing.Policy;

/// <summary>The policy's output section as the sanitiser consumes it; invalid rules make the sanitiser refuse to start.</summary>
public sealed record OutputRules
{
    /// <summary>Finest horizontal precision in metres that may leave at the Allow level.</summary>
    public double MaxPrecisionMetres { get; init; } = 1.0;

    /// <summary>Datum of outgoing coordinates.</summary>
    public OutputDatum Datum { get; init; } = OutputDatum.Wgs84;

    /// <summary>Optional fields allowed at the precise (Allow) level; capped by <see cref="Output.OutgoingFieldSet"/>.</summary>
    public OutputFields AllowFields { get; init; } = OutputFields.All;

    /// <summary>Optional fields allowed at the redacted level; capped by <see cref="Output.OutgoingFieldSet"/> (never speed or course).</summary>
    public OutputFields RedactFields { get; init; } = OutputFields.Time | OutputFields.Position | OutputFields.HorizontalError | OutputFields.Mode;

    /// <summary>Redacted records carry time floored to this step.</summary>
    public TimeSpan RedactTimeStep { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Redacted altitude is rounded to this step in metres; null drops altitude.</summary>
    public double? RedactAltitudeStepMetres { get; init; }

    /// <summary>The secret grid offset moves from one keyed anchor to the next over this period (slow drift).</summary>
    public TimeSpan RedactOffsetDriftPeriod { get; init; } = TimeSpan.FromHours(6);

    /// <summary>Trajectory guard settings.</summary>
    public TrajectoryGuardRules Guard { get; init; } = new();

    /// <summary>Constant-rate uplink settings.</summary>
    public ConstantRateUplinkRules Uplink { get; init; } = new();

    /// <summary>Audit entries are kept this many days.</summary>
    public int RetentionDays { get; init; } = 7;

    /// <summary>Audit entries carry time floored to this step.</summary>
    public TimeSpan AuditTimeStep { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Lists what is wrong; empty when usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!double.IsFinite(MaxPrecisionMetres) || MaxPrecisionMetres < 0.01 || MaxPrecisionMetres > 100_000)
        {
            problems.Add("max precision must be within 0.01..100000 m");
        }

        if (!Enum.IsDefined(Datum))
        {
            problems.Add("unknown datum");
        }

        if ((AllowFields & ~OutputFields.All) != 0 || (RedactFields & ~OutputFields.All) != 0)
        {
            problems.Add("unknown output field");
        }

        if (RedactTimeStep < TimeSpan.FromSeconds(1) || RedactTimeStep > TimeSpan.FromDays(1))
        {
            problems.Add("redaction time step must be within 1 s..1 day");
        }

        if (RedactAltitudeStepMetres is { } step && (!double.IsFinite(step) || step < 1))
        {
            problems.Add("redaction altitude step must be finite and >= 1 m");
        }

        if (RedactOffsetDriftPeriod < TimeSpan.FromMinutes(1))
        {
            problems.Add("grid offset drift period must be >= 1 min");
        }

        if (RetentionDays is < 1 or > 3650)
        {
            problems.Add("retention must be within 1..3650 days");
        }

        if (AuditTimeStep < TimeSpan.FromSeconds(1) || AuditTimeStep > TimeSpan.FromDays(1))
        {
            problems.Add("audit time step must be within 1 s..1 day");
        }

        problems.AddRange(Guard is null ? ["guard rules missing"] : Guard.Problems());
        problems.AddRange(Uplink is null ? ["uplink rules missing"] : Uplink.Problems());
        return problems;
    }
}
