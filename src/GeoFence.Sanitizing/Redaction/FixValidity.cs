using GeoFence.Gnss;

namespace GeoFence.Sanitizing.Redaction;

/// <summary>Fail-closed checks on an incoming fix: anything in doubt means nothing leaves for it.</summary>
public static class FixValidity
{
    private static readonly DateTimeOffset EarliestPlausible = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>True when the fix has a usable position, time and mode, and every present value is finite and in range.</summary>
    public static bool IsUsable(in Fix fix) =>
        fix.Time >= EarliestPlausible
        && fix.Latitude is { } lat && double.IsFinite(lat) && lat is >= -90 and <= 90
        && fix.Longitude is { } lon && double.IsFinite(lon) && lon is >= -180 and <= 180
        && fix.Mode is FixMode.TwoD or FixMode.ThreeD
        && fix.Quality is FixQuality.Gnss or FixQuality.Dgnss or FixQuality.Pps or FixQuality.RtkFixed or FixQuality.RtkFloat or FixQuality.DeadReckoning
        && FiniteOrAbsent(fix.AltitudeHae) && FiniteOrAbsent(fix.AltitudeMsl)
        && NonNegativeOrAbsent(fix.HorizontalAccuracy) && NonNegativeOrAbsent(fix.SpeedMps)
        && (fix.CourseDeg is null || (double.IsFinite(fix.CourseDeg.Value) && fix.CourseDeg.Value is >= 0 and <= 360));

    private static bool FiniteOrAbsent(double? value) => value is null || double.IsFinite(value.Value);

    private static bool NonNegativeOrAbsent(double? value) => value is null || (double.IsFinite(value.Value) && value.Value >= 0);
}
