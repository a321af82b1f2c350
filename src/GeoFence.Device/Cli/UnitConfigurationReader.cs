using GeoFence.Device.Hosting;
using Microsoft.Extensions.Configuration;

namespace GeoFence.Device.Cli;

/// <summary>Reads and validates the <c>Unit</c> section the same way the running agent does (for wipe, selftest).</summary>
internal static class UnitConfigurationReader
{
    public static UnitOptions Read(string[] args, string? configDirectory)
    {
        var options = new UnitOptions();
        UnitHost.ReadConfiguration(args, configDirectory).GetSection(UnitOptions.Section).Bind(options);
        var result = new UnitOptionsValidation().Validate(null, options);
        return result.Failed
            ? throw new CliException($"configuration: {string.Join("; ", result.Failures!)}", "Unit section", "fix the configuration (see run --help)", CommandLine.UsageError)
            : options;
    }
}
