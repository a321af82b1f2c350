namespace GeoFence.Device.Demo;

/// <summary>Where a re-pathed epoch puts the receiver.</summary>
public readonly record struct PathPoint(DateTimeOffset Time, double Latitude, double Longitude, double SpeedMps, double CourseDeg);
