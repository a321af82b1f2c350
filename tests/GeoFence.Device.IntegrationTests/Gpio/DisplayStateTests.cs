using System.Device.Gpio;
using System.Device.I2c;
using System.Text;
using GeoFence.Device.Gpio;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Status;
using GeoFence.Device.Systemd;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Gpio;

/// <summary>
/// The status display's own state (off, ok, missing, failed) on simulated I2C devices: each reaches
/// <see cref="UnitStatus.Display"/>, the systemd STATUS= line and the status topic; a missing or failing panel is a
/// state and a warning, never a crash.
/// </summary>
public sealed class DisplayStateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<string, DisplayState, string> States() => new()
    {
        { "not-configured", DisplayState.Off, "off" },
        { "answers", DisplayState.Ok, "ok" },
        { "no-bus", DisplayState.Missing, "missing" },
        { "no-ack", DisplayState.Missing, "missing" },
        { "permission-denied", DisplayState.Missing, "missing" },
        { "fails-after-start", DisplayState.Failed, "failed" },
    };

    [Theory]
    [MemberData(nameof(States))]
    public async Task Each_display_state_reaches_the_unit_status_the_STATUS_line_and_the_status_topic(string scenario, DisplayState expected, string word)
    {
        var bus = new FakeSsd1306Bus();
        Func<I2cConnectionSettings, I2cDevice> open = scenario switch
        {
            "no-bus" => _ => throw new IOException("Error 2 (No such file or directory). Can not open I2C device file '/dev/i2c-1'."),
            "no-ack" => _ => new FakeSsd1306Bus { FailWith = new IOException("Error 121 performing I2C data transfer.") },
            "permission-denied" => _ => throw new UnauthorizedAccessException("Access to the path '/dev/i2c-1' is denied."),
            _ => _ => bus,
        };
        using var logs = new RecordingLoggerProvider();
        using var host = Host(new() { ["Gpio:Display:Enabled"] = scenario == "not-configured" ? "false" : "true" }, open, logs);
        var (board, time) = (host.Services.GetRequiredService<UnitStatusBoard>(), host.Services.GetRequiredService<FakeTimeProvider>());

        await host.StartAsync();
        if (scenario == "fails-after-start")
        {
            Assert.Equal(DisplayState.Ok, board.Current.Display);
            bus.FailWith = new IOException("Error 121 performing I2C data transfer.");
            board.Update(s => s with { QueueDepth = 1 });
            time.Advance(StatusDisplayService.RefreshInterval);
        }

        var status = board.Current;
        Assert.Equal(expected, status.Display);
        Assert.EndsWith($"; privacy switch off; display {word}", SystemdStatusService.Line(status), StringComparison.Ordinal);
        Assert.Contains($"\"display\":\"{word}\"", Encoding.UTF8.GetString(StatusTopicPayload.ToUtf8Json(status)), StringComparison.Ordinal);
        Assert.Equal(expected is DisplayState.Missing or DisplayState.Failed ? 1 : 0, logs.Warnings.Count(w => w.Contains("Status display", StringComparison.Ordinal)));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_display_plugged_in_late_pulled_while_its_text_stands_still_and_plugged_back_goes_missing_ok_failed_ok()
    {
        var buses = new List<FakeSsd1306Bus>();
        var plugged = false;
        var (board, time) = (new UnitStatusBoard(), new FakeTimeProvider());
        using var logs = new RecordingLoggerProvider();
        using var display = new Ssd1306StatusDisplay(
            () => plugged ? Add(buses, new FakeSsd1306Bus()) : throw new IOException("Error 121 performing I2C data transfer."),
            new DisplayOptions(),
            new Logger<Ssd1306StatusDisplay>(new LoggerFactory([logs])));
        using var service = new StatusDisplayService(display, board, time);
        Assert.Equal(DisplayState.Missing, board.Current.Display); // configured, not answered yet

        await service.StartAsync(CancellationToken.None);
        Assert.Equal(DisplayState.Missing, board.Current.Display);
        Assert.EndsWith("; display missing", SystemdStatusService.Line(board.Current), StringComparison.Ordinal);

        plugged = true;
        time.Advance(StatusDisplayService.RefreshInterval);
        Assert.Equal(DisplayState.Ok, board.Current.Display);
        var panel = Assert.Single(buses);
        Assert.Equal("POLICY none", DisplayDecoder.Decode(panel.Ram)[0]);

        // Unchanged text is not redrawn within the check interval, so a pulled panel is only noticed at the check.
        var writes = panel.DataWrites;
        panel.FailWith = new IOException("Error 121 performing I2C data transfer.");
        Tick(time, StatusDisplayService.CheckInterval - StatusDisplayService.RefreshInterval);
        Assert.Equal(writes, panel.DataWrites);
        Assert.Equal(DisplayState.Ok, board.Current.Display);
        time.Advance(StatusDisplayService.RefreshInterval);
        Assert.Equal(DisplayState.Failed, board.Current.Display);
        Assert.EndsWith("; display failed", SystemdStatusService.Line(board.Current), StringComparison.Ordinal);

        board.Update(s => s with { QueueDepth = 5 });
        time.Advance(StatusDisplayService.RefreshInterval);
        Assert.Equal(DisplayState.Ok, board.Current.Display);
        Assert.Equal(2, buses.Count);
        Assert.Equal("Q 5 MQTT down", DisplayDecoder.Decode(buses[1].Ram)[4]);
        Assert.Equal(2, logs.Warnings.Count()); // one per outage, not one per retry
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_panel_that_still_answers_is_redrawn_once_per_check_interval_and_stays_ok()
    {
        var bus = new FakeSsd1306Bus();
        var (board, time) = (new UnitStatusBoard(), new FakeTimeProvider());
        using var logs = new RecordingLoggerProvider();
        using var display = new Ssd1306StatusDisplay(() => bus, new DisplayOptions(), new Logger<Ssd1306StatusDisplay>(new LoggerFactory([logs])));
        using var service = new StatusDisplayService(display, board, time);

        await service.StartAsync(CancellationToken.None);
        var (version, commands) = (board.Current.Version, bus.Commands.Count);
        Tick(time, StatusDisplayService.CheckInterval * 3);

        Assert.Equal(commands + (3 * 2), bus.Commands.Count); // one frame (column and page window, then data) per interval
        Assert.Equal(1, bus.Initialisations);
        Assert.Equal(DisplayState.Ok, board.Current.Display);
        Assert.Equal(version, board.Current.Version); // an unchanged state publishes no change
        Assert.Empty(logs.Warnings);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_configured_display_without_an_I2C_bus_starts_the_host_and_systemd_reads_display_missing()
    {
        using var dir = new TestDirectory();
        using var systemd = new UnixDatagramListener(dir.File("notify.sock"));
        using var logs = new RecordingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gpio:Display:Enabled"] = "true",
            ["Gpio:Display:I2cBus"] = "250", // no /dev/i2c-250 here: the real I2cDevice.Create path, as on a Pi without i2c_arm
        }).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var time = new FakeTimeProvider();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddLogging(l => l.AddProvider(logs));
        builder.Services.AddSingleton<ISystemdNotifier>(new UnixDatagramNotifier(systemd.Path));
        builder.Services.AddUnitSystemd(configuration);
        builder.Services.AddUnitGpio(configuration, () => new GpioController(new FakeGpioDriver()));
        using var host = builder.Build();

        await host.StartAsync();
        Assert.Equal(
            "STATUS=policy none; gnss silent; idle; broker disconnected; queue 0; privacy switch off; display missing",
            await systemd.ReceiveTextAsync(Patience));
        time.Advance(SystemdStatusService.Interval);
        await host.StopAsync();

        Assert.Equal(DisplayState.Missing, host.Services.GetRequiredService<UnitStatusBoard>().Current.Display);
        var warning = Assert.Single(logs.Warnings, w => w.Contains("Status display", StringComparison.Ordinal));
        Assert.Contains("I2C bus 250 address 0x3C", warning, StringComparison.Ordinal);
        Assert.Equal(0, systemd.Pending); // the line did not change, so nothing more was sent
    }

    /// <summary>Advances the clock one refresh at a time, as the real clock passes the timer's ticks.</summary>
    private static void Tick(FakeTimeProvider time, TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += StatusDisplayService.RefreshInterval)
        {
            time.Advance(StatusDisplayService.RefreshInterval);
        }
    }

    private static FakeSsd1306Bus Add(List<FakeSsd1306Bus> buses, FakeSsd1306Bus bus)
    {
        buses.Add(bus);
        return bus;
    }

    private static IHost Host(Dictionary<string, string?> settings, Func<I2cConnectionSettings, I2cDevice> openI2c, RecordingLoggerProvider logs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var time = new FakeTimeProvider();
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddLogging(l => l.AddProvider(logs));
        builder.Services.AddUnitGpio(configuration, () => new GpioController(new FakeGpioDriver()), openI2c);
        return builder.Build();
    }
}
