namespace GeoFence.Gnss.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void One_is_one() => Assert.Equal(1, Placeholder.One());
}
