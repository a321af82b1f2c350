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

    /// <summary>The 7-bit I2C address (default 0x3C; JSON may give "0x3C" or 60).</summary>
    public int Address { get; set; } = DefaultAddress;

    /// <summary>Where the display is, in words for logs and the self-test: "I2C bus 1 address 0x3C".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"I2C bus {I2cBus} address 0x{Address:X2}");
}
