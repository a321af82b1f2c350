using System.Globalization;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.Gpio;

/// <summary>Checks the <c>Gpio</c> section at start, with messages that say which key to change and to what.</summary>
public sealed class GpioOptionsValidation : IValidateOptions<GpioOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, GpioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var display = options.Display;
        if (display.Enabled)
        {
            if (display.I2cBus is < 0 or > 255)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Gpio:Display:I2cBus {display.I2cBus} is not an I2C bus number: use 1 for the Pi's header (pins 3/5, /dev/i2c-1)"));
            }

            if (display.AddressNumber is not { } address)
            {
                failures.Add($"Gpio:Display:Address '{display.Address}' is not a number: write it in hex as i2cdetect shows it (\"0x3C\") or in decimal (\"60\")");
            }
            else if (address is < 0x08 or > 0x77)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Gpio:Display:Address {address} (0x{address:X}) is not a 7-bit device address (0x08-0x77): an SSD1306 answers at 0x3C, or 0x3D with its address jumper moved; `i2cdetect -y 1` shows it"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
