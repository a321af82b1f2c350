using System.Collections.Concurrent;
using System.Device.Gpio;

namespace GeoFence.Device.IntegrationTests.Gpio;

/// <summary>
/// A GPIO chip for tests: records every output write, lets the test drive input levels and raises the edge
/// callbacks a real chip would. (System.Device.Gpio ships no fake; the driver's members are protected.)
/// </summary>
public sealed class FakeGpioDriver : GpioDriver
{
    private readonly ConcurrentDictionary<int, PinValue> _levels = new();
    private readonly ConcurrentDictionary<int, PinMode> _modes = new();
    private readonly ConcurrentDictionary<int, (PinEventTypes Types, PinChangeEventHandler Callback)> _callbacks = new();

    public ConcurrentQueue<(int Pin, PinValue Value)> Writes { get; } = new();

    /// <summary>Pins whose OpenPin fails, as a pin claimed by another process would.</summary>
    public HashSet<int> BusyPins { get; } = [];

    public PinValue Level(int pin) => _levels.GetValueOrDefault(pin, PinValue.Low);

    public PinMode? Mode(int pin) => _modes.TryGetValue(pin, out var mode) ? mode : null;

    /// <summary>Sets an input level and raises the edge callback, as the chip's interrupt would.</summary>
    public void Drive(int pin, PinValue value)
    {
        var previous = Level(pin);
        _levels[pin] = value;
        if (previous == value || !_callbacks.TryGetValue(pin, out var registration))
        {
            return;
        }

        var edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        if ((registration.Types & edge) != 0)
        {
            registration.Callback(this, new PinValueChangedEventArgs(edge, pin));
        }
    }

    /// <summary>Sets an input level without an edge (the state at power-up).</summary>
    public void Preset(int pin, PinValue value) => _levels[pin] = value;

    protected override int PinCount => 28;

    protected override void OpenPin(int pinNumber)
    {
        if (BusyPins.Contains(pinNumber))
        {
            throw new IOException($"pin {pinNumber} is busy");
        }
    }

    protected override void ClosePin(int pinNumber) => _modes.TryRemove(pinNumber, out _);

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        _modes[pinNumber] = mode;
        if (mode == PinMode.InputPullUp && !_levels.ContainsKey(pinNumber))
        {
            _levels[pinNumber] = PinValue.High;
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => _modes.GetValueOrDefault(pinNumber, PinMode.Input);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => Level(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        _levels[pinNumber] = value;
        Writes.Enqueue((pinNumber, value));
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the unit uses callbacks");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        _callbacks[pinNumber] = (eventTypes, callback);

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        _callbacks.TryRemove(pinNumber, out _);
}
