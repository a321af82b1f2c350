using GeoFence.Device.Gpio;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Systemd;
using GeoFence.Device.TimeSync;
using Microsoft.Extensions.Configuration;

namespace GeoFence.Device.IntegrationTests.Packaging;

/// <summary>The shipped /etc/geofence-device/appsettings.json binds to the options classes with no unknown key.</summary>
public sealed class DefaultConfigTests
{
    private static readonly IConfiguration Shipped = new ConfigurationBuilder()
        .AddJsonFile(RepositoryRoot.File("hardware", "etc", "appsettings.json"), optional: false)
        .Build();

    [Fact]
    public void The_gpio_section_binds_to_the_documented_pins()
    {
        var gpio = Bind<GpioOptions>(GpioOptions.Section);

        Assert.Equal((5, 6, 13), (gpio.Leds.GreenPin, gpio.Leds.AmberPin, gpio.Leds.RedPin));
        Assert.Equal(17, gpio.PrivacySwitch.Pin);
        Assert.True(gpio.PrivacySwitch.OnWhenLow);
        Assert.True(gpio.PrivacySwitch.OnWhenUnavailable);
        Assert.Equal(TimeSpan.FromMilliseconds(30), gpio.PrivacySwitch.Debounce);
        Assert.Null(gpio.ReceiverPower.EnablePin);
        Assert.Null(gpio.ReceiverPower.ResetPin);
    }

    [Fact]
    public void The_watchdog_and_time_sync_sections_bind()
    {
        Assert.True(Bind<WatchdogOptions>(WatchdogOptions.Section).RequirePolicy);
        var timeSync = Bind<TimeSyncOptions>(TimeSyncOptions.Section);
        Assert.False(timeSync.Enabled);
        Assert.Equal(TimevalLayout.Auto, timeSync.Timeval);
        Assert.Equal("/run/geofence-device/chrony-gnss.sock", timeSync.SocketPath);
        Assert.Contains(timeSync.SocketPath, File.ReadAllText(RepositoryRoot.File("hardware", "chrony-geofence.conf")));
    }

    private static T Bind<T>(string section) where T : new()
    {
        var options = new T();
        Shipped.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        return options;
    }
}
