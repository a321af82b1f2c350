namespace GeoFence.Device.Gpio;

/// <summary>GPIO wiring (configuration section <c>Gpio</c>). Pin numbers are BCM GPIO numbers; null = not fitted.</summary>
public sealed class GpioOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Gpio";

    /// <summary>The status LEDs.</summary>
    public LedOptions Leds { get; set; } = new();

    /// <summary>The privacy (transmit-kill) switch.</summary>
    public PrivacySwitchOptions PrivacySwitch { get; set; } = new();

    /// <summary>The receiver's power-enable and reset lines.</summary>
    public ReceiverPowerOptions ReceiverPower { get; set; } = new();

    /// <summary>The SSD1306 status display on I2C.</summary>
    public DisplayOptions Display { get; set; } = new();
}

/// <summary>Status LED pins.</summary>
public sealed class LedOptions
{
    /// <summary>Green: forwarding.</summary>
    public int? GreenPin { get; set; }

    /// <summary>Amber: redacting or holding; blinking: no fix.</summary>
    public int? AmberPin { get; set; }

    /// <summary>Red: blocked, fail-closed, broker not approved; blinking: no or invalid policy.</summary>
    public int? RedPin { get; set; }

    /// <summary>True when an LED lights with the pin low (wired to 3V3 through the LED).</summary>
    public bool ActiveLow { get; set; }
}

/// <summary>The privacy switch input.</summary>
public sealed class PrivacySwitchOptions
{
    /// <summary>The input pin; null when no switch is fitted.</summary>
    public int? Pin { get; set; }

    /// <summary>True (default) when "on" pulls the pin low: a switch to GND with the internal pull-up.</summary>
    public bool OnWhenLow { get; set; } = true;

    /// <summary>True when an external resistor pulls the line; otherwise the internal pull-up/down is enabled.</summary>
    public bool ExternalResistor { get; set; }

    /// <summary>How long the level must stay unchanged before it counts (default 30 ms).</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>
    /// When a switch is configured but its pin cannot be read: true (default) treats it as on, so nothing is
    /// transmitted; false ignores the switch.
    /// </summary>
    public bool OnWhenUnavailable { get; set; } = true;
}

/// <summary>Receiver power-enable and reset outputs.</summary>
public sealed class ReceiverPowerOptions
{
    /// <summary>Driven to its active level at start, so the receiver is powered; null when not wired.</summary>
    public int? EnablePin { get; set; }

    /// <summary>True when the enable line is active low.</summary>
    public bool EnableActiveLow { get; set; }

    /// <summary>Pulsed low to reset the receiver; null when not wired.</summary>
    public int? ResetPin { get; set; }

    /// <summary>How long a reset pulse lasts (default 100 ms).</summary>
    public TimeSpan ResetPulse { get; set; } = TimeSpan.FromMilliseconds(100);
}
