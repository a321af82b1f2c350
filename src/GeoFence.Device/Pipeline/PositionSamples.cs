using GeoFence.Gnss;
using GeoFence.Zones.Decisions;

namespace GeoFence.Device.Pipeline;

/// <summary>Adapts a decoder <see cref="Fix"/> to the policy engine's <see cref="PositionSample"/>.</summary>
internal static class PositionSamples
{
    /// <summary>
    /// Valid only for a 2D/3D fix with finite latitude and longitude and a usable quality (an allow-list: not none,
    /// manual, simulated or unknown). Accuracy: the receiver's 1σ, else HDOP (the engine scales it); neither → the engine blocks.
    /// </summary>
    public static PositionSample From(in Fix fix)
    {
        var lat = fix.Latitude ?? double.NaN;
        var lon = fix.Longitude ?? double.NaN;
        var valid = fix.Mode is FixMode.TwoD or FixMode.ThreeD
            && double.IsFinite(lat) && double.IsFinite(lon)
            && fix.Quality is FixQuality.Gnss or FixQuality.Dgnss or FixQuality.Pps or FixQuality.RtkFixed or FixQuality.RtkFloat or FixQuality.DeadReckoning;
        var accuracy = fix.HorizontalAccuracy is { } h && double.IsFinite(h) && h >= 0 ? h : (double?)null;
        var hdop = accuracy is null && fix.Hdop is { } d && double.IsFinite(d) && d > 0 ? d : (double?)null;
        return new PositionSample(fix.Time, lat, lon, accuracy, hdop, valid);
    }
}
