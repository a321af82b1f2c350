namespace GeoFence.Device.Gpio;

/// <summary>
/// A switch that never moves: off when none is fitted, on when one is configured but cannot be read
/// (<see cref="PrivacySwitchOptions.OnWhenUnavailable"/>).
/// </summary>
public sealed class FixedPrivacySwitch : IPrivacySwitch
{
    /// <summary>Creates a switch stuck at <paramref name="isOn"/>.</summary>
    public FixedPrivacySwitch(bool isOn) => IsOn = isOn;

    /// <inheritdoc/>
    public bool IsOn { get; }

    /// <inheritdoc/>
    public event Action<bool>? Changed
    {
        add { }
        remove { }
    }
}
