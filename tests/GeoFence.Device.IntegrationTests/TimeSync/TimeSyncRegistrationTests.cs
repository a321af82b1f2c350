using GeoFence.Device.TimeSync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GeoFence.Device.IntegrationTests.TimeSync;

/// <summary>The TimeSync section decides whether samples go to chrony or nowhere.</summary>
public sealed class TimeSyncRegistrationTests
{
    [Theory]
    [InlineData("false", typeof(NullTimeSampleSink))]
    [InlineData("true", typeof(ChronySockSink))]
    public void The_enabled_flag_picks_the_sink(string enabled, Type expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TimeSync:Enabled"] = enabled, ["TimeSync:Timeval"] = "Time32" })
            .Build();
        var services = new ServiceCollection().AddLogging().AddUnitTimeSync(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.IsType(expected, provider.GetRequiredService<ITimeSampleSink>());
    }
}
