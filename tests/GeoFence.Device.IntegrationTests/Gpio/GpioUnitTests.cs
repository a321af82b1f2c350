using System.Device.Gpio;
using GeoFence.Device.Gpio;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Gpio;

/// <summary>LEDs, privacy switch and receiver power over a fake GPIO chip, on a fake clock.</summary>
public sealed class GpioUnitTests
{
    private const int Green = 5, Amber = 6, Red = 13, Switch = 17, Enable = 22, Reset = 27;

    private static readonly TimeSpan Phase = LedSignal.PhaseLength;

    [Fact]
    public void LEDs_follow_the_status_board_and_blink_on_the_clock()
    {
        var (driver, time, board) = (new FakeGpioDriver(), new FakeTimeProvider(), new UnitStatusBoard());
        using var gpio = new GpioAccess(() => new GpioController(driver), NullLogger<GpioAccess>.Instance);
        using var leds = new StatusLeds(gpio, new LedOptions { GreenPin = Green, AmberPin = Amber, RedPin = Red }, board, time);
        board.Update(s => s with { Policy = PolicyState.Loaded, SourceAlive = true, Fix = FixState.Fix, Broker = BrokerState.Connected });
        board.RecordDecision(DecisionClass.Forwarding);

        leds.Start();
        Assert.Equal("11111111", Sample(driver, time, Green));
        Assert.Equal("00000000", Sample(driver, time, Amber));
        Assert.Equal("00000000", Sample(driver, time, Red));

        board.Update(s => s with { Policy = PolicyState.None });
        var red = Sample(driver, time, Red, 16);
        Assert.Contains("11110000", red);
        Assert.Equal(PinValue.Low, driver.Level(Green));
        Assert.Equal(PinValue.Low, driver.Level(Amber));
    }

    [Fact]
    public void Active_low_LEDs_are_dark_when_high_and_dark_after_dispose()
    {
        var (driver, time, board) = (new FakeGpioDriver(), new FakeTimeProvider(), new UnitStatusBoard());
        using var gpio = new GpioAccess(() => new GpioController(driver), NullLogger<GpioAccess>.Instance);
        var leds = new StatusLeds(gpio, new LedOptions { GreenPin = Green, RedPin = Red, ActiveLow = true }, board, time);
        board.Update(s => s with { Policy = PolicyState.Loaded, PrivacySwitchOn = true });

        leds.Start();
        time.Advance(Phase);
        Assert.Equal(PinValue.Low, driver.Level(Red));
        Assert.Equal(PinValue.High, driver.Level(Green));

        leds.Dispose();
        Assert.Equal(PinValue.High, driver.Level(Red));
    }

    [Fact]
    public void A_privacy_switch_that_is_on_at_boot_is_on_from_the_start()
    {
        var (driver, time) = (new FakeGpioDriver(), new FakeTimeProvider());
        driver.Preset(Switch, PinValue.Low);
        using var gpio = new GpioAccess(() => new GpioController(driver), NullLogger<GpioAccess>.Instance);

        var privacy = GpioPrivacySwitch.Create(gpio, new PrivacySwitchOptions { Pin = Switch }, time);

        Assert.True(privacy.IsOn);
        Assert.Equal(PinMode.InputPullUp, driver.Mode(Switch));
    }

    [Fact]
    public void Bounces_settle_into_one_change_and_a_glitch_that_returns_changes_nothing()
    {
        var (driver, time) = (new FakeGpioDriver(), new FakeTimeProvider());
        using var gpio = new GpioAccess(() => new GpioController(driver), NullLogger<GpioAccess>.Instance);
        var privacy = GpioPrivacySwitch.Create(gpio, new PrivacySwitchOptions { Pin = Switch, Debounce = TimeSpan.FromMilliseconds(30) }, time);
        var changes = new List<bool>();
        privacy.Changed += changes.Add;
        Assert.False(privacy.IsOn);

        foreach (var level in new[] { PinValue.Low, PinValue.High, PinValue.Low, PinValue.High, PinValue.Low })
        {
            driver.Drive(Switch, level);
            time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.False(privacy.IsOn);
        time.Advance(TimeSpan.FromMilliseconds(29));
        Assert.Equal([true], changes);
        Assert.True(privacy.IsOn);

        driver.Drive(Switch, PinValue.High);
        time.Advance(TimeSpan.FromMilliseconds(3));
        driver.Drive(Switch, PinValue.Low);
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal([true], changes);
        Assert.True(privacy.IsOn);

        driver.Drive(Switch, PinValue.High);
        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal([true, false], changes);
        ((IDisposable)privacy).Dispose();
    }

    [Fact]
    public async Task Receiver_power_is_enabled_at_start_and_reset_is_a_timed_low_pulse()
    {
        var (driver, time) = (new FakeGpioDriver(), new FakeTimeProvider());
        using var gpio = new GpioAccess(() => new GpioController(driver), NullLogger<GpioAccess>.Instance);
        var power = new ReceiverPower(gpio, new ReceiverPowerOptions { EnablePin = Enable, ResetPin = Reset }, time);

        power.Start();
        Assert.Equal(PinValue.High, driver.Level(Enable));
        Assert.Equal(PinValue.High, driver.Level(Reset));

        var reset = power.ResetAsync(CancellationToken.None);
        Assert.Equal(PinValue.Low, driver.Level(Reset));
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(reset.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await reset.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(PinValue.High, driver.Level(Reset));
    }

    [Fact]
    public async Task Without_a_gpio_chip_the_host_runs_with_a_warning_and_a_configured_switch_fails_closed()
    {
        var logs = new RecordingLoggerProvider();
        using var host = Host(logs, () => throw new PlatformNotSupportedException("no gpiochip"));

        await host.StartAsync();
        var board = host.Services.GetRequiredService<UnitStatusBoard>();
        Assert.True(host.Services.GetRequiredService<IPrivacySwitch>().IsOn);
        Assert.True(board.Current.PrivacySwitchOn);
        Assert.Contains(logs.Warnings, w => w.Contains("No GPIO available", StringComparison.Ordinal));
        await host.StopAsync();
    }

    [Fact]
    public async Task On_this_machine_the_default_controller_never_crashes_the_host()
    {
        var logs = new RecordingLoggerProvider();
        using var host = Host(logs, createController: null);

        await host.StartAsync();
        var gpio = host.Services.GetRequiredService<GpioAccess>();
        Assert.True(gpio.Controller is not null || logs.Warnings.Any(w => w.Contains("No GPIO available", StringComparison.Ordinal)));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_busy_pin_disables_only_its_own_feature()
    {
        var driver = new FakeGpioDriver { BusyPins = { Red } };
        var logs = new RecordingLoggerProvider();
        using var host = Host(logs, () => new GpioController(driver));

        await host.StartAsync();
        Assert.Contains(logs.Warnings, w => w.Contains("Red LED on pin 13", StringComparison.Ordinal));
        Assert.False(host.Services.GetRequiredService<IPrivacySwitch>().IsOn);
        Assert.Equal(PinMode.Output, driver.Mode(Green));
        await host.StopAsync();
    }

    private static IHost Host(RecordingLoggerProvider logs, Func<GpioController>? createController)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gpio:Leds:GreenPin"] = $"{Green}",
            ["Gpio:Leds:AmberPin"] = $"{Amber}",
            ["Gpio:Leds:RedPin"] = $"{Red}",
            ["Gpio:PrivacySwitch:Pin"] = $"{Switch}",
        });
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
        builder.Services.AddUnitGpio(builder.Configuration, createController);
        return builder.Build();
    }

    private static string Sample(FakeGpioDriver driver, FakeTimeProvider time, int pin, int phases = LedSignal.Phases)
    {
        var levels = new char[phases];
        for (var i = 0; i < phases; i++)
        {
            levels[i] = driver.Level(pin) == PinValue.High ? '1' : '0';
            time.Advance(Phase);
        }

        return new string(levels);
    }
}
