using System.Globalization;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.Hosting;

/// <summary>Checks <see cref="UnitOptions"/> at start; each failure names the key, what is wrong and an example.</summary>
public sealed class UnitOptionsValidation : IValidateOptions<UnitOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, UnitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Id))
        {
            failures.Add("Unit:Id is missing: give the unit's id, e.g. \"Unit\": { \"Id\": \"unit-0042\" } in /etc/geofence-device/unit.json, or GEOFENCE_Unit__Id=unit-0042");
        }
        else if (!IsUnitId(options.Id))
        {
            failures.Add($"Unit:Id '{options.Id}' is not valid: use 1-64 of a-z, 0-9, '-' and '_', e.g. unit-0042");
        }

        RequireAbsolute(failures, "Unit:DataDirectory", options.DataDirectory, "/var/lib/geofence-device");
        RequireAbsolute(failures, "Unit:TrustDirectory", options.TrustDirectory, "/etc/geofence-device/trust");
        if (options.DeviceKeyFile is not null)
        {
            RequireAbsolute(failures, "Unit:DeviceKeyFile", options.DeviceKeyFile, "/var/lib/geofence-device/device.key");
        }

        if (options.IncomingDirectory is not null)
        {
            RequireAbsolute(failures, "Unit:IncomingDirectory", options.IncomingDirectory, "/var/lib/geofence-device/incoming");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True for 1–64 characters of a-z, 0-9, '-', '_' (safe in topics and file names).</summary>
    public static bool IsUnitId(string id) =>
        id.Length is >= 1 and <= 64 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    internal static void RequireAbsolute(List<string> failures, string key, string? path, string example)
    {
        if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path))
        {
            failures.Add($"{key} '{path}' must be an absolute path, e.g. {example}");
        }
    }

    internal static void RequireRange(List<string> failures, string key, double value, double min, double max, string example)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} {value} is out of range {min}..{max}, e.g. {example}"));
        }
    }
}
