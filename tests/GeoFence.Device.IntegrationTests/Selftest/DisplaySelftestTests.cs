using GeoFence.Device.Cli.Selftest;
using GeoFence.Device.Gpio;
using GeoFence.Device.IntegrationTests.Gpio;

namespace GeoFence.Device.IntegrationTests.Selftest;

/// <summary>The self-test's display line: off, answering, and missing (a WARN, never a FAIL).</summary>
public sealed class DisplaySelftestTests
{
    [Fact]
    public void No_display_configured_passes_without_touching_I2C()
    {
        var result = DisplaySelftest.Check(new DisplayOptions(), _ => throw new InvalidOperationException("must not open"));

        Assert.Equal(SelftestOutcome.Pass, result.Outcome);
    }

    [Fact]
    public void A_display_that_answers_is_initialised_and_released()
    {
        var bus = new FakeSsd1306Bus();

        var result = DisplaySelftest.Check(new DisplayOptions { Enabled = true }, _ => bus);

        Assert.Equal(SelftestOutcome.Pass, result.Outcome);
        Assert.Equal(1, bus.Initialisations);
        Assert.True(bus.Disposed);
    }

    [Fact]
    public void A_display_that_does_not_answer_is_a_warning_with_the_wiring_to_check()
    {
        var bus = new FakeSsd1306Bus { FailWith = new IOException("Error 121 performing I2C data transfer.") };

        var result = DisplaySelftest.Check(new DisplayOptions { Enabled = true, I2cBus = 1, Address = "0x3D" }, _ => bus);

        Assert.Equal(SelftestOutcome.Warn, result.Outcome);
        Assert.Contains("no SSD1306 at I2C bus 1 address 0x3D (Error 121 performing I2C data transfer)", result.Detail, StringComparison.Ordinal);
        Assert.Contains("i2cdetect -y 1", result.Detail, StringComparison.Ordinal);
        Assert.True(bus.Disposed);
    }

    [Fact]
    public void A_missing_bus_is_a_warning_too()
    {
        var result = DisplaySelftest.Check(new DisplayOptions { Enabled = true, I2cBus = 7 }, _ => throw new IOException("Error 2 (No such file or directory). Can not open I2C device file '/dev/i2c-7'."));

        Assert.Equal(SelftestOutcome.Warn, result.Outcome);
        Assert.Contains("/dev/i2c-7", result.Detail, StringComparison.Ordinal);
    }
}
