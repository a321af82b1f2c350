using System.Device.Gpio;

namespace GeoFence.Device.Gpio;

/// <summary>
/// The privacy switch on a GPIO input, debounced by settling: every edge restarts a <see cref="TimeProvider"/> timer,
/// and only when the line has been quiet for <see cref="PrivacySwitchOptions.Debounce"/> is the pin read and the new
/// level taken. The level is read at start, so a switch that is on at boot is on from the first moment.
/// (Iot.Device.Button's GpioButton takes an injected controller, but it debounces on the wall clock by ignoring
/// edges after the first, so the final level of a bounce can be lost, and it does not read the level at start: a
/// kill switch needs neither.)
/// </summary>
public sealed class GpioPrivacySwitch : IPrivacySwitch, IDisposable
{
    private readonly GpioController _controller;
    private readonly int _pin;
    private readonly PrivacySwitchOptions _options;
    private readonly ITimer _settle;
    private readonly Lock _gate = new();
    private volatile bool _isOn;

    private GpioPrivacySwitch(GpioController controller, int pin, PrivacySwitchOptions options, TimeProvider time)
    {
        _controller = controller;
        _pin = pin;
        _options = options;
        _settle = time.CreateTimer(_ => Settle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        // Listen first, then read: an edge in between re-arms the settle timer, which reads again.
        _controller.RegisterCallbackForPinValueChangedEvent(_pin, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
        lock (_gate)
        {
            _isOn = ReadIsOn();
        }
    }

    /// <inheritdoc/>
    public bool IsOn => _isOn;

    /// <inheritdoc/>
    public event Action<bool>? Changed;

    /// <summary>
    /// The switch the options describe: none fitted → off; fitted but unreadable → <see cref="FixedPrivacySwitch"/>
    /// at <see cref="PrivacySwitchOptions.OnWhenUnavailable"/>; otherwise a debounced GPIO switch.
    /// </summary>
    public static IPrivacySwitch Create(GpioAccess gpio, PrivacySwitchOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(gpio);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Pin is not { } pin)
        {
            return new FixedPrivacySwitch(false);
        }

        var mode = options.ExternalResistor ? PinMode.Input : options.OnWhenLow ? PinMode.InputPullUp : PinMode.InputPullDown;
        if (!gpio.TryOpen(pin, mode, "privacy switch"))
        {
            return new FixedPrivacySwitch(options.OnWhenUnavailable);
        }

        return new GpioPrivacySwitch(gpio.Controller!, pin, options, time);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _settle.Dispose();
        try
        {
            _controller.UnregisterCallbackForPinValueChangedEvent(_pin, OnEdge);
        }
        catch (InvalidOperationException)
        {
            // The controller was closed first.
        }
    }

    private void OnEdge(object sender, PinValueChangedEventArgs e) => _settle.Change(_options.Debounce, Timeout.InfiniteTimeSpan);

    private void Settle()
    {
        bool changed;
        bool now;
        lock (_gate)
        {
            now = ReadIsOn();
            changed = now != _isOn;
            _isOn = now;
        }

        if (changed)
        {
            Changed?.Invoke(now);
        }
    }

    private bool ReadIsOn() => (_controller.Read(_pin) == PinValue.Low) == _options.OnWhenLow;
}
