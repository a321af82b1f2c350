using System.Device.Gpio;
using GeoFence.Device.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.Gpio;

/// <summary>Registers the unit's GPIO: <see cref="GpioAccess"/>, <see cref="IPrivacySwitch"/>, LEDs, receiver power.</summary>
public static class GpioServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GpioOptions"/> from the <c>Gpio</c> section and registers the parts and
    /// <see cref="GpioUnitService"/>. <paramref name="createController"/> defaults to <c>new GpioController()</c>.
    /// </summary>
    public static IServiceCollection AddUnitGpio(
        this IServiceCollection services, IConfiguration configuration, Func<GpioController>? createController = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GpioOptions>().Bind(configuration.GetSection(GpioOptions.Section));
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
        return services;
    }

    private static GpioOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<GpioOptions>>().Value;
}
