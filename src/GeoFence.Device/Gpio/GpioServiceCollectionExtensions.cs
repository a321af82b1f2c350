using System.Device.Gpio;
using System.Device.I2c;
using GeoFence.Device.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.Gpio;

/// <summary>
/// Registers the unit's GPIO: <see cref="GpioAccess"/>, <see cref="IPrivacySwitch"/>, LEDs, receiver power and, when
/// <c>Gpio:Display:Enabled</c>, the SSD1306 status display with its refresh service.
/// </summary>
public static class GpioServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GpioOptions"/> from the <c>Gpio</c> section and registers the parts and
    /// <see cref="GpioUnitService"/>. <paramref name="createController"/> defaults to <c>new GpioController()</c>,
    /// <paramref name="openI2c"/> to <see cref="I2cDevice.Create"/>.
    /// </summary>
    public static IServiceCollection AddUnitGpio(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<GpioController>? createController = null,
        Func<I2cConnectionSettings, I2cDevice>? openI2c = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GpioOptions>().Bind(configuration.GetSection(GpioOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GpioOptions>, GpioOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UnitStatusBoard>();
        services.TryAddSingleton(sp => new GpioAccess(createController ?? (() => new GpioController()), sp.GetRequiredService<ILogger<GpioAccess>>()));
        services.TryAddSingleton(sp => GpioPrivacySwitch.Create(
            sp.GetRequiredService<GpioAccess>(), Options(sp).PrivacySwitch, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new StatusLeds(
            sp.GetRequiredService<GpioAccess>(), Options(sp).Leds, sp.GetRequiredService<UnitStatusBoard>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ReceiverPower(
            sp.GetRequiredService<GpioAccess>(), Options(sp).ReceiverPower, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<GpioUnitService>();
        if (configuration.GetSection(GpioOptions.Section).GetValue<bool>("Display:Enabled"))
        {
            var open = openI2c ?? I2cDevice.Create;
            services.TryAddSingleton<IStatusDisplay>(sp =>
            {
                var display = Options(sp).Display;
                return new Ssd1306StatusDisplay(
                    () => open(new I2cConnectionSettings(display.I2cBus, display.ValidAddress)), display, sp.GetRequiredService<ILogger<Ssd1306StatusDisplay>>());
            });
            services.AddHostedService<StatusDisplayService>();
        }

        return services;
    }

    private static GpioOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<GpioOptions>>().Value;
}
