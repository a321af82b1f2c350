namespace GeoFence.Zones.Model;

/// <summary>Output rules the sanitiser applies; carried by the policy, enforced downstream.</summary>
/// <param name="MaximumPrecisionMetres">Coarsest allowed detail: outgoing positions are never finer than this.</param>
/// <param name="Datum">Output datum: WGS84, CGCS2000 or GCJ02 (display only).</param>
/// <param name="AllowedFields">Field names allowed to leave the unit.</param>
/// <param name="TrajectoryGuard">Suppression of approach and exit around zones.</param>
/// <param name="ConstantRateSeconds">When set, uplink at this constant period (suppressed time looks like no-fix time).</param>
/// <param name="RetentionDays">Days records may be kept (default 7).</param>
public sealed record OutputSettings(
    double MaximumPrecisionMetres,
    string Datum,
    IReadOnlyList<string> AllowedFields,
    TrajectoryGuardSettings TrajectoryGuard,
    double? ConstantRateSeconds,
    int RetentionDays);

/// <summary>Trajectory-guard parameters: randomised, non-centred suppression before entry and after exit.</summary>
/// <param name="DelaySeconds">Output delay that lets the guard retract the approach.</param>
/// <param name="ApproachMinMetres">Lower bound of the random approach distance.</param>
/// <param name="ApproachMaxMetres">Upper bound of the random approach distance.</param>
/// <param name="ClearanceMinMetres">Lower bound of the random clearance distance after exit.</param>
/// <param name="ClearanceMaxMetres">Upper bound of the random clearance distance after exit.</param>
/// <param name="MinimumSuppressedSeconds">Minimum suppressed time around a zone visit.</param>
public sealed record TrajectoryGuardSettings(
    double DelaySeconds,
    double ApproachMinMetres,
    double ApproachMaxMetres,
    double ClearanceMinMetres,
    double ClearanceMaxMetres,
    double MinimumSuppressedSeconds);
