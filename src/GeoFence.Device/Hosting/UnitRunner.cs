using GeoFence.Sanitizing.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.Hosting;

/// <summary>
/// Starts the unit and runs it until stopped: validates the configuration first (every failure printed on its own
/// line, exit 2), takes the data-directory lock, checks the device key (exit 1 with the fix), then runs the host.
/// </summary>
public static class UnitRunner
{
    /// <summary>Exit code for invalid configuration.</summary>
    public const int ConfigurationError = 2;

    /// <summary>Exit code for a start-up or runtime failure.</summary>
    public const int RuntimeError = 1;

    /// <summary>Builds, validates and runs the unit; <paramref name="onStarted"/> sees the running host (demo, tests).</summary>
    public static async Task<int> RunAsync(
        string[] args, string? configDirectory, UnitHostOverrides? overrides, TextWriter errors, CancellationToken cancellationToken, Func<IHost, Task>? onStarted = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        using var host = UnitHost.CreateBuilder(args, configDirectory, overrides).Build();
        UnitPaths paths;
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            paths = host.Services.GetRequiredService<UnitPaths>();
        }
        catch (Exception invalid) when (ValidationFailures(invalid) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                await errors.WriteLineAsync($"geofence-device: configuration: {failure}").ConfigureAwait(false);
            }

            return ConfigurationError;
        }

        using var directoryLock = TryLock(paths, errors);
        if (directoryLock is null)
        {
            return RuntimeError;
        }

        try
        {
            Directory.CreateDirectory(paths.Incoming);
            _ = host.Services.GetRequiredService<IUnitSecrets>();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            if (onStarted is not null)
            {
                await onStarted(host).ConfigureAwait(false);
            }

            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (UnitStartupException failure)
        {
            await errors.WriteLineAsync($"geofence-device: {failure.What} ({failure.Where}): {failure.Fix}").ConfigureAwait(false);
            return RuntimeError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"geofence-device: can't use the data directory {paths.Data} ({ex.Message}): check the path, permissions and free space").ConfigureAwait(false);
            return RuntimeError;
        }
    }

    private static List<string> ValidationFailures(Exception error) => error switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException many => [.. many.Flatten().InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };

    private static DataDirectoryLock? TryLock(UnitPaths paths, TextWriter errors)
    {
        try
        {
            var acquired = DataDirectoryLock.TryAcquire(paths.Data);
            if (acquired is null)
            {
                errors.WriteLine($"geofence-device: another agent is using {paths.Data} (Unit:DataDirectory): stop it first (systemctl stop geofence-device) or use another data directory");
            }

            return acquired;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"geofence-device: can't create or lock {paths.Data} ({ex.Message}) (Unit:DataDirectory): check the path and permissions");
            return null;
        }
    }
}
