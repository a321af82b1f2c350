using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Redaction;
using GeoFence.Sanitizing.Tests.Support;

namespace GeoFence.Sanitizing.Tests;

public sealed class Gcj02Tests
{
    [Fact]
    public void Known_point_in_beijing()
    {
        // Published reference value of the public formula for WGS-84 (39.915, 116.404).
        var (lat, lon) = Gcj02.FromWgs84(39.915, 116.404);
        Assert.Equal(39.91640428150164, lat, 1e-9);
        Assert.Equal(116.41024449916938, lon, 1e-9);
    }

    [Theory]
    [InlineData(48.8584, 2.2945)]
    [InlineData(-33.8568, 151.2153)]
    [InlineData(60.0, 120.0)]
    public void Outside_china_the_input_is_unchanged(double lat, double lon) => Assert.Equal((lat, lon), Gcj02.FromWgs84(lat, lon));

    [Fact]
    public void Inside_china_the_shift_is_hundreds_of_metres()
    {
        for (var lat = 20.0; lat <= 50; lat += 2.5)
        {
            for (var lon = 80.0; lon <= 130; lon += 2.5)
            {
                var (glat, glon) = Gcj02.FromWgs84(lat, lon);
                Assert.InRange(Geodesy.DistanceMetres(lat, lon, glat, glon), 50, 900);
            }
        }
    }

    [Fact]
    public void Datum_choice_reaches_the_record()
    {
        CompliantFix Run(OutputDatum datum)
        {
            var harness = new Harness(Rules.NoDelay with { Datum = datum, MaxPrecisionMetres = 0.01 });
            harness.Feed(Fixes.At(39.915, 116.404, Fixes.Start), Fixes.Allow());
            return Assert.Single(harness.Out);
        }

        var wgs = Run(OutputDatum.Wgs84);
        var cgcs = Run(OutputDatum.Cgcs2000);
        var gcj = Run(OutputDatum.Gcj02);
        Assert.Equal((wgs.Latitude, wgs.Longitude), (cgcs.Latitude, cgcs.Longitude));
        Assert.Contains("\"datum\":\"CGCS2000\"", Json.Text(cgcs), StringComparison.Ordinal);
        Assert.Equal(39.91640428, gcj.Latitude!.Value, 1e-6);
        Assert.Equal(116.4102445, gcj.Longitude!.Value, 1e-6);
    }
}
