using System.Globalization;

namespace GeoFence.Device.Gpio;

/// <summary>The SSD1306 128×64 status display (configuration section <c>Gpio:Display</c>).</summary>
public sealed class DisplayOptions
{
    /// <summary>The usual address of an SSD1306 module (0x3D when its address jumper is moved).</summary>
    public const int DefaultAddress = 0x3C;

    /// <summary>True when a display is fitted (default false).</summary>
    public bool Enabled { get; set; }

    /// <summary>The I2C bus number: 1 is /dev/i2c-1 on GPIO 2/3 (pins 3/5), enabled by <c>dtparam=i2c_arm=on</c>.</summary>
    public int I2cBus { get; set; } = 1;

    /// <summary>The 7-bit I2C address as written in the configuration: "0x3C" (hex, as i2cdetect shows it) or "60"; default "0x3C".</summary>
    /// <remarks>A string: the configuration binder's source generator (used for NativeAOT) parses integers as decimal only.</remarks>
    public string Address { get; set; } = "0x3C";

    /// <summary>The address as a number, or null when <see cref="Address"/> is not one.</summary>
    public int? AddressNumber =>
        Address.Trim() is var text && text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? (int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null)
            : (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null);

    /// <summary>The address to open; throws when the options were not validated first.</summary>
    public int ValidAddress => AddressNumber ?? throw new InvalidOperationException($"Gpio:Display:Address '{Address}' is not an address");

    /// <summary>Where the display is, in words for logs and the self-test: "I2C bus 1 address 0x3C".</summary>
    public string Describe() => AddressNumber is { } address
        ? string.Create(CultureInfo.InvariantCulture, $"I2C bus {I2cBus} address 0x{address:X2}")
        : string.Create(CultureInfo.InvariantCulture, $"I2C bus {I2cBus} address '{Address}'");
}
