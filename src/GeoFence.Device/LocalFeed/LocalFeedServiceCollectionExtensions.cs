using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.LocalFeed;

/// <summary>Registers the local gpsd-compatible feed.</summary>
public static class LocalFeedServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LocalFeedOptions"/> from the <c>LocalFeed</c> section (validated at start), and registers
    /// <see cref="LocalGpsdFeed"/> (the sink the pipeline's output is fanned out to) and <see cref="LocalFeedService"/>
    /// (the listener, also resolvable as itself for its endpoint).
    /// </summary>
    public static IServiceCollection AddUnitLocalFeed(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LocalFeedOptions>().Bind(configuration.GetSection(LocalFeedOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalFeedOptions>, LocalFeedOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new LocalGpsdFeed(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<LocalFeedService>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalFeedService>());
        return services;
    }
}
