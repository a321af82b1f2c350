using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.TimeSync;

/// <summary>Registers <see cref="ITimeSampleSink"/>: chrony's SOCK refclock when <c>TimeSync:Enabled</c>, else nothing.</summary>
public static class TimeSyncServiceCollectionExtensions
{
    /// <summary>Binds <see cref="TimeSyncOptions"/> from the <c>TimeSync</c> section and registers the sink.</summary>
    public static IServiceCollection AddUnitTimeSync(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TimeSyncOptions>().Bind(configuration.GetSection(TimeSyncOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITimeSampleSink>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TimeSyncOptions>>();
            return options.Value.Enabled
                ? new ChronySockSink(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ChronySockSink>>())
                : new NullTimeSampleSink();
        });
        return services;
    }
}
