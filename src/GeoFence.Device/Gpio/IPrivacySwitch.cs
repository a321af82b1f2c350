namespace GeoFence.Device.Gpio;

/// <summary>The privacy (transmit-kill) switch: while it is on, nothing leaves the unit.</summary>
public interface IPrivacySwitch
{
    /// <summary>True while transmission is killed.</summary>
    bool IsOn { get; }

    /// <summary>Raised with the new <see cref="IsOn"/> after each debounced change.</summary>
    event Action<bool>? Changed;
}
