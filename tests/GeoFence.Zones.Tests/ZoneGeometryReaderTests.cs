using GeoFence.Zones.Policy;
using GeoFence.Zones.Tests.Support;

namespace GeoFence.Zones.Tests;

/// <summary>The zone geometry reader (the GeoJSON converter called directly, as NativeAOT needs): bad geometry is a
/// format error that names the zone, never a crash and never a coordinate.</summary>
public sealed class ZoneGeometryReaderTests
{
    [Theory]
    [InlineData("""{"type":"Blob","coordinates":[12.3456,65.4321]}""")]
    [InlineData("""{"type":"Point","coordinates":"12.3456,65.4321"}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[12.3456,65.4321],[12.5,65.4321],[12.5,65.5]]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[[[[[[[[[[[[[[[[12.3456,65.4321]]]]]]]]]]]]]]]]]]}""")]
    public void Unreadable_geometry_is_a_format_error_naming_the_zone(string geometry)
    {
        var feature = $$"""{"type":"Feature","properties":{"id":"zone-7","action":"block"},"geometry":{{geometry}}}""";

        var ex = Assert.Throws<PolicyFormatException>(() => PolicyParser.Parse(new PolicyJson().Raw(feature).Utf8()));

        Assert.Contains("zone \"zone-7\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("geometry", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("12.34", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("65.43", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_polygon_with_a_hole_reads_as_one_area_zone()
    {
        const string Geometry = """{"type":"Polygon","coordinates":[[[20,20],[20.1,20],[20.1,20.1],[20,20.1],[20,20]],[[20.04,20.04],[20.06,20.04],[20.06,20.06],[20.04,20.06],[20.04,20.04]]]}""";
        var feature = $$"""{"type":"Feature","properties":{"id":"ring","action":"block"},"geometry":{{Geometry}}}""";

        var zone = Assert.Single(PolicyParser.Parse(new PolicyJson().Raw(feature).Utf8()).Zones);

        Assert.Equal("ring", zone.Id);
        Assert.Equal(10, zone.VertexCount);
    }
}
