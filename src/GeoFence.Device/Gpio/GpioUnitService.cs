using GeoFence.Device.Status;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.Gpio;

/// <summary>
/// Brings the unit's GPIO up with the host: receiver power, status LEDs, and the privacy switch mirrored into
/// <see cref="UnitStatus.PrivacySwitchOn"/>. Without GPIO it logs (via <see cref="GpioAccess"/>) and carries on.
/// </summary>
public sealed class GpioUnitService : IHostedService
{
    private readonly IPrivacySwitch _privacySwitch;
    private readonly StatusLeds _leds;
    private readonly ReceiverPower _receiverPower;
    private readonly UnitStatusBoard _board;

    /// <summary>Creates the service from its parts.</summary>
    public GpioUnitService(IPrivacySwitch privacySwitch, StatusLeds leds, ReceiverPower receiverPower, UnitStatusBoard board)
    {
        _privacySwitch = privacySwitch;
        _leds = leds;
        _receiverPower = receiverPower;
        _board = board;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _receiverPower.Start();
        _privacySwitch.Changed += Mirror;
        Mirror(_privacySwitch.IsOn);
        _leds.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _privacySwitch.Changed -= Mirror;
        _leds.Dispose();
        return Task.CompletedTask;
    }

    private void Mirror(bool isOn) => _board.Update(s => s with { PrivacySwitchOn = isOn });
}
