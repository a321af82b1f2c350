using System.Device.Gpio;

namespace GeoFence.Device.Gpio;

/// <summary>The receiver's optional power-enable and reset lines.</summary>
public sealed class ReceiverPower
{
    private readonly GpioAccess _gpio;
    private readonly ReceiverPowerOptions _options;
    private readonly TimeProvider _time;
    private bool _resetOpen;

    /// <summary>Creates the control; nothing is driven before <see cref="Start"/>.</summary>
    public ReceiverPower(GpioAccess gpio, ReceiverPowerOptions options, TimeProvider time)
    {
        _gpio = gpio;
        _options = options;
        _time = time;
    }

    /// <summary>Powers the receiver (enable line active) and holds reset released (high).</summary>
    public void Start()
    {
        if (_options.EnablePin is { } enable)
        {
            _gpio.TryOpen(enable, PinMode.Output, "receiver power enable", _options.EnableActiveLow ? PinValue.Low : PinValue.High);
        }

        if (_options.ResetPin is { } reset)
        {
            _resetOpen = _gpio.TryOpen(reset, PinMode.Output, "receiver reset", PinValue.High);
        }
    }

    /// <summary>Pulls reset low for <see cref="ReceiverPowerOptions.ResetPulse"/>; false when no reset line works.</summary>
    public async Task<bool> ResetAsync(CancellationToken cancellationToken)
    {
        if (!_resetOpen || _options.ResetPin is not { } reset || _gpio.Controller is not { } controller)
        {
            return false;
        }

        controller.Write(reset, PinValue.Low);
        try
        {
            await Task.Delay(_options.ResetPulse, _time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            controller.Write(reset, PinValue.High);
        }

        return true;
    }
}
