using System.Device.I2c;
using GeoFence.Device.Gpio;

namespace GeoFence.Device.Cli.Selftest;

/// <summary>
/// The display line of the self-test: when a display is configured, open its I2C device and initialise the panel
/// (it lights up blank). A display that does not answer is a WARN: the agent runs without it.
/// </summary>
internal static class DisplaySelftest
{
    public static SelftestResult Check(DisplayOptions options, Func<I2cConnectionSettings, I2cDevice>? openI2c = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return new(SelftestOutcome.Pass, "display", "no status display configured (Gpio:Display:Enabled)");
        }

        var open = openI2c ?? I2cDevice.Create;
        try
        {
            var device = open(new I2cConnectionSettings(options.I2cBus, options.ValidAddress));
            try
            {
                using var panel = new Ssd1306Panel(device);
            }
            catch
            {
                device.Dispose();
                throw;
            }

            return new(SelftestOutcome.Pass, "display", $"SSD1306 at {options.Describe()} answers and is initialised");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or PlatformNotSupportedException)
        {
            return new(SelftestOutcome.Warn, "display",
                $"no SSD1306 at {options.Describe()} ({e.Message.TrimEnd('.')}): check dtparam=i2c_arm=on, wiring (SDA pin 3, SCL pin 5, 3V3, GND), `i2cdetect -y {options.I2cBus}` and Gpio:Display:Address; the agent runs without the display");
        }
    }
}
