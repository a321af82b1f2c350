using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Gpio;

/// <summary>
/// The unit's one <see cref="GpioController"/>, or none: a machine without a gpiochip (a laptop, a container, this
/// build host) makes <c>new GpioController()</c> throw; that is a logged warning and every GPIO feature stands down.
/// </summary>
public sealed partial class GpioAccess : IDisposable
{
    private readonly ILogger<GpioAccess> _logger;

    /// <summary>Opens a controller with <paramref name="createController"/>; a failure leaves <see cref="Controller"/> null.</summary>
    public GpioAccess(Func<GpioController> createController, ILogger<GpioAccess> logger)
    {
        ArgumentNullException.ThrowIfNull(createController);
        _logger = logger;
        try
        {
            Controller = createController();
        }
#pragma warning disable CA1031 // Any failure to reach the chip means "no GPIO here"; the agent must keep running.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogNoGpio(logger, e.GetType().Name, e.Message);
        }
    }

    /// <summary>The controller, or null when there is no usable GPIO chip.</summary>
    public GpioController? Controller { get; }

    /// <summary>
    /// Opens <paramref name="pin"/> in <paramref name="mode"/> (outputs at <paramref name="initial"/>); false, with a
    /// warning naming <paramref name="role"/>, when there is no controller or the pin cannot be opened.
    /// </summary>
    public bool TryOpen(int pin, PinMode mode, string role, PinValue? initial = null)
    {
        if (Controller is null)
        {
            LogPinUnavailable(_logger, role, pin, "no GPIO controller");
            return false;
        }

        try
        {
            if (initial is { } value)
            {
                Controller.OpenPin(pin, mode, value);
            }
            else
            {
                Controller.OpenPin(pin, mode);
            }

            return true;
        }
#pragma warning disable CA1031 // A busy or missing pin disables that one feature, never the agent.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPinUnavailable(_logger, role, pin, e.Message);
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Controller?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "No GPIO available ({Kind}: {Error}); LEDs, privacy switch and receiver power control are off")]
    private static partial void LogNoGpio(ILogger logger, string kind, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPIO {Role} on pin {Pin} unavailable: {Error}")]
    private static partial void LogPinUnavailable(ILogger logger, string role, int pin, string error);
}
