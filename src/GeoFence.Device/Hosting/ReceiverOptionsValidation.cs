using System.Globalization;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.Hosting;

/// <summary>Checks <see cref="ReceiverOptions"/> at start; each failure names the key, what is wrong and an example.</summary>
public sealed class ReceiverOptionsValidation : IValidateOptions<ReceiverOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!ReceiverSourceSpec.TryParse(options.Source, out var spec, out var error))
        {
            failures.Add($"Receiver:Source: {error}");
        }
        else if (spec!.Kind == ReceiverSourceKind.File && !File.Exists(spec.Path))
        {
            failures.Add($"Receiver:Source: file {spec.Path} does not exist: give a recorded capture, e.g. file:/var/lib/geofence-device/drive.log");
        }

        if (!options.Baud.Equals("auto", StringComparison.OrdinalIgnoreCase)
            && (!int.TryParse(options.Baud, NumberStyles.None, CultureInfo.InvariantCulture, out var speed) || speed is < 300 or > 4_000_000))
        {
            failures.Add($"Receiver:Baud '{options.Baud}' is not a serial speed: use auto or a number such as 9600 or 115200");
        }

        UnitOptionsValidation.RequireRange(failures, "Receiver:MaxSentenceLength", options.MaxSentenceLength, 82, 4096, "120");
        UnitOptionsValidation.RequireRange(failures, "Receiver:QueueCapacity", options.QueueCapacity, 16, 65_536, "256");
        UnitOptionsValidation.RequireRange(failures, "Receiver:StallTimeout (s)", options.StallTimeout.TotalSeconds, 1, 600, "00:00:05");
        UnitOptionsValidation.RequireRange(failures, "Receiver:DrainTimeout (s)", options.DrainTimeout.TotalSeconds, 0, 3600, "00:00:30");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
