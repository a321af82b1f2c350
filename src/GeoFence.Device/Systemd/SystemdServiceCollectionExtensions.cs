using GeoFence.Device.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Systemd;

/// <summary>Registers the systemd integration: READY=1/STOPPING=1 (Hosting.Systemd) and our health-gated watchdog.</summary>
public static class SystemdServiceCollectionExtensions
{
    /// <summary>
    /// Adds <c>AddSystemd()</c>, an <see cref="ISystemdNotifier"/> that also resolves outside systemd (disabled there),
    /// <see cref="UnitStatusBoard"/>, <see cref="UnitStatusHealth"/>, <see cref="WatchdogOptions"/> bound from the
    /// <c>Watchdog</c> section, <see cref="SystemdWatchdogService"/> and <see cref="SystemdStatusService"/>.
    /// </summary>
    public static IServiceCollection AddUnitSystemd(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSystemd();
        services.TryAddSingleton<ISystemdNotifier>(_ => new UnixDatagramNotifier(NotifySocketPath.FromEnvironment()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UnitStatusBoard>();
        services.AddOptions<WatchdogOptions>().Bind(configuration.GetSection(WatchdogOptions.Section));
        services.TryAddSingleton<IPipelineHealth, UnitStatusHealth>();
        services.AddSingleton(sp => new SystemdWatchdogService(
            sp.GetRequiredService<ISystemdNotifier>(),
            sp.GetRequiredService<IPipelineHealth>(),
            WatchdogSettings.FromEnvironment(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SystemdWatchdogService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<SystemdWatchdogService>());
        services.AddHostedService<SystemdStatusService>();
        return services;
    }
}
