using GeoFence.Zones.Decisions;
using GeoFence.Zones.Policy;

namespace GeoFence.Zones.Tests.Support;

public static class Policies
{
    public static readonly DateTimeOffset Noon = new(2026, 6, 3, 12, 0, 0, TimeSpan.Zero); // a Wednesday

    public static CompiledPolicy Compile(PolicyJson json) => CompiledPolicy.Compile(PolicyParser.Parse(json.Utf8()));

    public static PositionSample Fix(double lat, double lon, double? accuracy = 1, DateTimeOffset? time = null, double? hdop = null, bool valid = true) =>
        new(time ?? Noon, lat, lon, accuracy, hdop, valid);
}
