namespace GeoFence.Sanitizing.Policy;

/// <summary>Trajectory guard settings from the policy: delay line, approach and clearance suppression, motion strip margin.</summary>
public sealed record TrajectoryGuardRules
{
    /// <summary>How long every outgoing record waits before it may leave (policy `delay_s`).</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Smallest approach distance in metres (drawn per event, measured from the first triggered fix).</summary>
    public double ApproachMinMetres { get; init; } = 150;

    /// <summary>Largest approach distance in metres.</summary>
    public double ApproachMaxMetres { get; init; } = 300;

    /// <summary>Smallest clearance distance in metres (drawn per exit, measured from the last triggered fix).</summary>
    public double ClearanceMinMetres { get; init; } = 150;

    /// <summary>Largest clearance distance in metres.</summary>
    public double ClearanceMaxMetres { get; init; } = 400;

    /// <summary>Minimum time fixes stay suppressed after the last triggered fix.</summary>
    public TimeSpan MinimumSuppressed { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Beyond the approach/clearance distance, speed and course are stripped within this further margin in metres.</summary>
    public double MotionStripMarginMetres { get; init; } = 200;

    /// <summary>Most records the delay line holds; a fix arriving at a full line is dropped (bounded memory).</summary>
    public int MaxWaiting { get; init; } = 4096;

    /// <summary>Lists what is wrong; empty when usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (Delay < TimeSpan.Zero || Delay > TimeSpan.FromHours(1))
        {
            yield return "guard delay must be within 0..3600 s";
        }

        if (!Range(ApproachMinMetres, ApproachMaxMetres))
        {
            yield return "approach distance range must be finite, >= 0 and min <= max";
        }

        if (!Range(ClearanceMinMetres, ClearanceMaxMetres))
        {
            yield return "clearance distance range must be finite, >= 0 and min <= max";
        }

        if (MinimumSuppressed < TimeSpan.Zero)
        {
            yield return "minimum suppressed time must be >= 0";
        }

        if (!double.IsFinite(MotionStripMarginMetres) || MotionStripMarginMetres < 0)
        {
            yield return "motion strip margin must be finite and >= 0";
        }

        if (MaxWaiting is < 1 or > 1_000_000)
        {
            yield return "delay line bound must be within 1..1000000";
        }
    }

    private static bool Range(double min, double max) => double.IsFinite(min) && double.IsFinite(max) && min >= 0 && min <= max;
}
