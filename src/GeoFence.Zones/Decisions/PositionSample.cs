namespace GeoFence.Zones.Decisions;

/// <summary>The decision input: one fix, independent of the GNSS decoder's types.</summary>
/// <param name="Time">Fix time (UTC, from the receiver); <c>default</c> means unknown.</param>
/// <param name="Latitude">WGS-84 latitude in degrees.</param>
/// <param name="Longitude">WGS-84 longitude in degrees.</param>
/// <param name="HorizontalAccuracy1Sigma">1σ horizontal accuracy in metres, when the receiver reports it.</param>
/// <param name="Hdop">Horizontal dilution of precision, the fallback when no accuracy is reported.</param>
/// <param name="IsValid">True when the receiver reports a valid position fix.</param>
public readonly record struct PositionSample(
    DateTimeOffset Time,
    double Latitude,
    double Longitude,
    double? HorizontalAccuracy1Sigma,
    double? Hdop,
    bool IsValid)
{
    /// <summary>True when the fix is flagged valid, its time is known and its coordinates are in range.</summary>
    public bool IsUsable =>
        IsValid && Time != default
        && double.IsFinite(Latitude) && Latitude is >= -90 and <= 90
        && double.IsFinite(Longitude) && Longitude is >= -180 and <= 180;

    /// <summary>Never prints the coordinates (no oracle, no coordinates in logs).</summary>
    public override string ToString() => $"PositionSample(valid={IsValid})";
}
