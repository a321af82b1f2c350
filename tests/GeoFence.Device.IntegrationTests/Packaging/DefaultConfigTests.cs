using GeoFence.Device.Gpio;
using GeoFence.Device.Hosting;
using GeoFence.Device.LocalFeed;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Systemd;
using GeoFence.Device.TimeSync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
    public void The_agents_own_source_generated_binder_reads_the_shipped_gpio_section()
    {
        using var provider = new ServiceCollection().AddLogging().AddUnitGpio(Shipped).BuildServiceProvider();

        var gpio = provider.GetRequiredService<IOptions<GpioOptions>>().Value; // bound as the agent binds it (and NativeAOT)

        Assert.False(gpio.Display.Enabled);
        Assert.Equal(0x3C, gpio.Display.AddressNumber); // "0x3C": the generated binder parses integers as decimal only
        Assert.Equal(17, gpio.PrivacySwitch.Pin);
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

    [Fact]
    public void The_unit_sections_bind_and_pass_the_start_validation_once_provisioning_adds_the_unit_id()
    {
        var unit = Bind<UnitOptions>(UnitOptions.Section);
        Assert.Null(unit.Id); // provision writes it into unit.json; the shipped file never names a unit
        Assert.True(new UnitOptionsValidation().Validate(null, unit).Failed);
        unit.Id = "unit-0042";
        Assert.True(new UnitOptionsValidation().Validate(null, unit).Succeeded);
        Assert.Equal("/var/lib/geofence-device/device.key", unit.DeviceKeyPath);

        var receiver = Bind<ReceiverOptions>(ReceiverOptions.Section);
        Assert.Equal("serial:/dev/gnss0", receiver.Source);
        Assert.True(new ReceiverOptionsValidation().Validate(null, receiver).Succeeded);
        Assert.True(new BrokerOptionsValidation().Validate(null, Bind<BrokerOptions>(BrokerOptions.Section)).Succeeded);
        var outbox = Bind<OutboxSettings>(OutboxSettings.Section);
        Assert.True(new OutboxSettingsValidation().Validate(null, outbox).Succeeded);
        Assert.Equal(TimeSpan.FromMilliseconds(200), outbox.CommitInterval);
        var feed = Bind<LocalFeedOptions>(LocalFeedOptions.Section);
        Assert.Equal(("127.0.0.1", 2947), (feed.BindAddress, feed.Port));
    }

    [Fact]
    public void The_service_does_not_restart_on_a_configuration_error()
    {
        var unitFile = File.ReadAllText(RepositoryRoot.File("hardware", "geofence-device.service"));
        Assert.Contains($"RestartPreventExitStatus={UnitRunner.ConfigurationError}", unitFile, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/usr/bin/geofence-device run", unitFile, StringComparison.Ordinal);
    }

    private static T Bind<T>(string section) where T : new()
    {
        var options = new T();
        Shipped.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        return options;
    }
}
