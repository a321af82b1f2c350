namespace GeoFence.Device.IntegrationTests;

public sealed class PlaceholderTests
{
    [Fact]
    public void One_is_one() => Assert.Equal(1, GeoFence.Gnss.Placeholder.One());
}
