using GeoFence.Device.Gpio;
using GeoFence.Device.Status;
using GeoFence.Device.Systemd;
using GeoFence.Device.TimeSync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.IntegrationTests.Systemd;

/// <summary>The three registrations compose in one host, as the lead will wire them, on this GPIO-less machine.</summary>
public sealed class UnitHostCompositionTests
{
    [Fact]
    public async Task Systemd_gpio_and_time_sync_share_one_status_board_and_start_and_stop_together()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["Gpio:PrivacySwitch:Pin"] = "17";
        builder.Services.AddUnitSystemd(builder.Configuration);
        builder.Services.AddUnitGpio(builder.Configuration, () => throw new PlatformNotSupportedException("no gpiochip"));
        builder.Services.AddUnitTimeSync(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        var board = host.Services.GetRequiredService<UnitStatusBoard>();
        Assert.Same(board, host.Services.GetRequiredService<UnitStatusBoard>());
        Assert.True(board.Current.PrivacySwitchOn);
        Assert.IsType<NullTimeSampleSink>(host.Services.GetRequiredService<ITimeSampleSink>());
        Assert.IsType<UnitStatusHealth>(host.Services.GetRequiredService<IPipelineHealth>());
        Assert.IsType<FixedPrivacySwitch>(host.Services.GetRequiredService<IPrivacySwitch>());
        await host.StopAsync();
    }
}
