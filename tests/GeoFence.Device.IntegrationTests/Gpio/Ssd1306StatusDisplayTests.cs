using System.Device.Gpio;
using System.Device.I2c;
using GeoFence.Device.Gpio;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Gpio;

/// <summary>The SSD1306 display over a fake I2C device that models the panel's RAM: text round trip, set-up, faults, DI.</summary>
public sealed class Ssd1306StatusDisplayTests
{
    private static readonly UnitStatus Busy = UnitStatus.Initial with
    {
        Policy = PolicyState.Loaded,
        SourceAlive = true,
        Fix = FixState.Fix,
        SatellitesUsed = 14,
        LastDecision = DecisionClass.RedactingOrHolding,
        Broker = BrokerState.Connected,
        QueueDepth = 12,
    };

    [Fact]
    public void Real_status_texts_round_trip_through_the_panel_RAM()
    {
        var bus = new FakeSsd1306Bus();
        using var logs = new RecordingLoggerProvider();
        using var display = Create(bus, logs);

        foreach (var status in new[] { UnitStatus.Initial, Busy, Busy with { PrivacySwitchOn = true, Broker = BrokerState.NotApproved, QueueDepth = int.MaxValue } })
        {
            var text = StatusDisplayText.Render(status);
            display.Show(text);
            Assert.Equal([.. text, "", "", ""], DisplayDecoder.Decode(bus.Ram));
        }

        Assert.True(display.IsAvailable);
        Assert.Empty(logs.Warnings);
    }

    [Fact]
    public void The_panel_is_set_up_once_for_64_rows_and_then_only_frames_are_sent()
    {
        var bus = new FakeSsd1306Bus();
        using var logs = new RecordingLoggerProvider();
        using var display = Create(bus, logs);

        display.Show(["POLICY ok"]);
        var afterFirst = bus.Commands.Count;
        display.Show(["POLICY none"]);
        display.Show(["POLICY expired"]);

        Assert.Equal(1, bus.Initialisations);
        Assert.Equal((byte)0x3F, bus.Multiplex); // 64 rows (the binding alone leaves 0x1F: 32 rows)
        Assert.Equal((byte)0x12, bus.ComPins); // alternative COM pins, as 128x64 modules are wired
        Assert.Equal((byte)0x00, bus.AddressingMode);
        Assert.True(bus.DisplayOn);
        Assert.Equal(afterFirst + 4, bus.Commands.Count); // per frame: column window, page window
        Assert.All(bus.Commands.Skip(afterFirst), c => Assert.Contains(c[0], new byte[] { 0x21, 0x22 }));
        Assert.Equal("POLICY expired", DisplayDecoder.Decode(bus.Ram)[0]);
    }

    [Fact]
    public void Stopping_leaves_AGENT_STOPPED_instead_of_a_stale_status_and_releases_the_device()
    {
        var bus = new FakeSsd1306Bus();
        using var logs = new RecordingLoggerProvider();
        var display = Create(bus, logs);
        display.Show(StatusDisplayText.Render(Busy));
        Assert.Equal("TX open", DisplayDecoder.Decode(bus.Ram)[3]);

        display.Dispose();

        Assert.Equal(["AGENT STOPPED", "TX none", "", "", "", "", "", ""], DisplayDecoder.Decode(bus.Ram));
        Assert.True(bus.Disposed);
        display.Show(["late tick"]); // after dispose: ignored, the panel is not reopened
        Assert.Equal("AGENT STOPPED", DisplayDecoder.Decode(bus.Ram)[0]);
        display.Dispose();
    }

    [Fact]
    public void A_missing_bus_is_an_IOException_and_one_warning_and_the_display_comes_back_later()
    {
        var attempts = 0;
        FakeSsd1306Bus? bus = null;
        using var logs = new RecordingLoggerProvider();
        using var display = new Ssd1306StatusDisplay(
            () => ++attempts < 3 ? throw new IOException("Error 2 (No such file or directory). Can not open I2C device file '/dev/i2c-1'.") : bus = new FakeSsd1306Bus(),
            new DisplayOptions(),
            Logger(logs));

        Assert.Throws<IOException>(() => display.Show(["a"]));
        Assert.Throws<IOException>(() => display.Show(["a"]));
        Assert.False(display.IsAvailable);
        var warning = Assert.Single(logs.Warnings);
        Assert.Contains("I2C bus 1 address 0x3C", warning, StringComparison.Ordinal);

        display.Show(["back"]);
        Assert.True(display.IsAvailable);
        Assert.Equal("back", DisplayDecoder.Decode(bus!.Ram)[0]);
    }

    [Fact]
    public void A_device_that_stops_acknowledging_is_closed_and_set_up_again_when_it_answers()
    {
        var buses = new List<FakeSsd1306Bus>();
        using var logs = new RecordingLoggerProvider();
        using var display = new Ssd1306StatusDisplay(() => Add(buses, new FakeSsd1306Bus()), new DisplayOptions(), Logger(logs));
        display.Show(["one"]);

        buses[0].FailWith = new IOException("Error 121 performing I2C data transfer.");
        var thrown = Assert.Throws<IOException>(() => display.Show(["two"]));
        Assert.Contains("121", thrown.Message, StringComparison.Ordinal);
        Assert.True(buses[0].Disposed);

        display.Show(["three"]);
        Assert.Equal(2, buses.Count);
        Assert.Equal(1, buses[1].Initialisations);
        Assert.Equal("three", DisplayDecoder.Decode(buses[1].Ram)[0]);
        Assert.Single(logs.Warnings);
    }

    [Fact]
    public void Other_device_faults_reach_the_service_as_IOException_and_a_failed_open_closes_the_device()
    {
        var bus = new FakeSsd1306Bus { FailWith = new UnauthorizedAccessException("Permission denied: /dev/i2c-1") };
        using var logs = new RecordingLoggerProvider();
        using var display = Create(bus, logs);

        var thrown = Assert.Throws<IOException>(() => display.Show(["x"]));

        Assert.IsType<UnauthorizedAccessException>(thrown.InnerException);
        Assert.True(bus.Disposed);
    }

    [Fact]
    public async Task The_refresh_service_survives_a_failing_display_and_retries_on_the_next_tick()
    {
        var (board, time, bus) = (new UnitStatusBoard(), new FakeTimeProvider(), new FakeSsd1306Bus());
        using var logs = new RecordingLoggerProvider();
        var opened = 0;
        using var display = new Ssd1306StatusDisplay(() => { opened++; return bus; }, new DisplayOptions(), Logger(logs));
        using var service = new StatusDisplayService(display, board, time);
        bus.FailWith = new IOException("Error 121 performing I2C data transfer.");

        await service.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.Zero);
        time.Advance(StatusDisplayService.RefreshInterval);
        Assert.False(display.IsAvailable);
        Assert.Equal(2, opened);

        bus = new FakeSsd1306Bus();
        board.Update(s => s with { QueueDepth = 7 });
        time.Advance(StatusDisplayService.RefreshInterval);

        Assert.True(display.IsAvailable);
        Assert.Equal("Q 7 MQTT down", DisplayDecoder.Decode(bus.Ram)[4]);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_enabled_display_is_registered_from_configuration_and_draws_the_status()
    {
        var opened = new List<I2cConnectionSettings>();
        var bus = new FakeSsd1306Bus(3, 0x3D);
        using var host = Host(new() { ["Gpio:Display:Enabled"] = "true", ["Gpio:Display:I2cBus"] = "3", ["Gpio:Display:Address"] = "0x3D" },
            settings => { opened.Add(settings); return bus; });

        await host.StartAsync();
        host.Services.GetRequiredService<FakeTimeProvider>().Advance(TimeSpan.Zero);
        await host.StopAsync();

        var settings = Assert.Single(opened);
        Assert.Equal((3, 0x3D), (settings.BusId, settings.DeviceAddress));
        Assert.Equal("POLICY none", DisplayDecoder.Decode(bus.Ram)[0]);
        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is StatusDisplayService);
    }

    [Fact]
    public void A_disabled_display_registers_nothing_and_opens_no_bus()
    {
        using var host = Host(new() { ["Gpio:Display:Address"] = "999" }, _ => throw new InvalidOperationException("must not open"));

        Assert.Null(host.Services.GetService<IStatusDisplay>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is StatusDisplayService);
        Assert.Equal("999", host.Services.GetRequiredService<IOptions<GpioOptions>>().Value.Display.Address); // not validated while off
    }

    [Theory]
    [InlineData("Address", "0x80", "Gpio:Display:Address 128 (0x80) is not a 7-bit device address")]
    [InlineData("Address", "3", "0x3C, or 0x3D")]
    [InlineData("Address", "0xZZ", "Gpio:Display:Address '0xZZ' is not a number")]
    [InlineData("Address", "sixty", "in decimal")]
    [InlineData("I2cBus", "-1", "Gpio:Display:I2cBus -1 is not an I2C bus number: use 1")]
    public async Task A_bad_display_setting_stops_the_start_with_the_key_to_fix(string key, string value, string message)
    {
        using var host = Host(new() { ["Gpio:Display:Enabled"] = "true", [$"Gpio:Display:{key}"] = value }, _ => new FakeSsd1306Bus());

        var thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(thrown.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    private static Ssd1306StatusDisplay Create(FakeSsd1306Bus bus, RecordingLoggerProvider logs) =>
        new(() => bus, new DisplayOptions(), Logger(logs));

    private static ILogger<Ssd1306StatusDisplay> Logger(RecordingLoggerProvider logs) => new Logger<Ssd1306StatusDisplay>(new LoggerFactory([logs]));

    private static FakeSsd1306Bus Add(List<FakeSsd1306Bus> buses, FakeSsd1306Bus bus)
    {
        buses.Add(bus);
        return bus;
    }

    private static IHost Host(Dictionary<string, string?> settings, Func<I2cConnectionSettings, I2cDevice> openI2c)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var time = new FakeTimeProvider();
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddLogging();
        builder.Services.AddUnitGpio(configuration, () => new GpioController(new FakeGpioDriver()), openI2c);
        return builder.Build();
    }
}
