using System.Device.Gpio;
using GeoFence.Device.Status;

namespace GeoFence.Device.Gpio;

/// <summary>
/// Drives the green, amber and red LEDs from <see cref="UnitStatusBoard"/> per <see cref="LedSignal.For"/>, stepping
/// the blink patterns on a <see cref="TimeProvider"/> timer every 125 ms. Writes a pin only when its level changes.
/// Unfitted or unavailable LEDs are skipped.
/// </summary>
public sealed class StatusLeds : IDisposable
{
    private readonly GpioAccess _gpio;
    private readonly LedOptions _options;
    private readonly UnitStatusBoard _board;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<LedColor, int> _pins = [];
    private readonly Dictionary<int, bool> _lit = [];
    private ITimer? _timer;
    private int _phase;

    /// <summary>Creates the driver; nothing happens before <see cref="Start"/>.</summary>
    public StatusLeds(GpioAccess gpio, LedOptions options, UnitStatusBoard board, TimeProvider time)
    {
        _gpio = gpio;
        _options = options;
        _board = board;
        _time = time;
    }

    /// <summary>Opens the fitted LED pins (all dark), shows the current status and starts the pattern timer.</summary>
    public void Start()
    {
        Open(LedColor.Green, _options.GreenPin);
        Open(LedColor.Amber, _options.AmberPin);
        Open(LedColor.Red, _options.RedPin);
        if (_pins.Count == 0)
        {
            return;
        }

        _timer = _time.CreateTimer(_ => Step(), null, TimeSpan.Zero, LedSignal.PhaseLength);
    }

    /// <summary>Turns every LED off and stops the timer.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            foreach (var pin in _pins.Values)
            {
                Set(pin, lit: false);
            }
        }
    }

    private void Open(LedColor color, int? pin)
    {
        if (pin is { } number && _gpio.TryOpen(number, PinMode.Output, $"{color} LED", Level(lit: false)))
        {
            _pins[color] = number;
            _lit[number] = false;
        }
    }

    private void Step()
    {
        lock (_gate)
        {
            var signal = LedSignal.For(_board.Current);
            var phase = _phase;
            _phase = (_phase + 1) % LedSignal.Phases;
            foreach (var (color, pin) in _pins)
            {
                Set(pin, color == signal.Color && signal.IsLit(phase));
            }
        }
    }

    private void Set(int pin, bool lit)
    {
        if (_lit[pin] == lit)
        {
            return;
        }

        _lit[pin] = lit;
        try
        {
            _gpio.Controller?.Write(pin, Level(lit));
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // A failing LED line must not stop the others or the agent.
        }
    }

    private PinValue Level(bool lit) => lit != _options.ActiveLow ? PinValue.High : PinValue.Low;
}
