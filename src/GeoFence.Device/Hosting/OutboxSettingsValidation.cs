using Microsoft.Extensions.Options;

namespace GeoFence.Device.Hosting;

/// <summary>Checks <see cref="OutboxSettings"/> at start; each failure names the key, what is wrong and an example.</summary>
public sealed class OutboxSettingsValidation : IValidateOptions<OutboxSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, OutboxSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.CommitInterval is { } interval)
        {
            UnitOptionsValidation.RequireRange(failures, "Outbox:CommitInterval (ms)", interval.TotalMilliseconds, 10, 10_000, "00:00:00.200");
        }

        if (options.CommitBatch is { } batch)
        {
            UnitOptionsValidation.RequireRange(failures, "Outbox:CommitBatch", batch, 1, 100_000, "100");
        }

        if (options.MaxRecords is { } records)
        {
            UnitOptionsValidation.RequireRange(failures, "Outbox:MaxRecords", records, 100, 100_000_000, "1000000");
        }

        if (options.MaxBytes is { } bytes)
        {
            UnitOptionsValidation.RequireRange(failures, "Outbox:MaxBytes", bytes, 64 * 1024, 64L * 1024 * 1024 * 1024, "268435456");
        }

        if (options.RetentionDays is { } days)
        {
            UnitOptionsValidation.RequireRange(failures, "Outbox:RetentionDays", days, 1, 3650, "7");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
