using GeoFence.Forwarding.Outbox;

namespace GeoFence.Device.Hosting;

/// <summary>
/// Outbox tuning (configuration section <c>Outbox</c>); unset keys keep the outbox defaults. Retention can only be
/// shortened here: the policy's retention is the upper bound.
/// </summary>
public sealed class OutboxSettings
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Outbox";

    /// <summary>Group commit interval.</summary>
    public TimeSpan? CommitInterval { get; set; }

    /// <summary>Records that trigger a commit before the interval.</summary>
    public int? CommitBatch { get; set; }

    /// <summary>SQLite synchronous level: Full or Normal.</summary>
    public OutboxSync? Synchronous { get; set; }

    /// <summary>Records kept at most.</summary>
    public long? MaxRecords { get; set; }

    /// <summary>Payload bytes kept at most.</summary>
    public long? MaxBytes { get; set; }

    /// <summary>When full: DropOldest (counted) or StopAccepting.</summary>
    public OutboxFullMode? FullMode { get; set; }

    /// <summary>Days a record may wait; capped by the policy's retention.</summary>
    public int? RetentionDays { get; set; }

    /// <summary>The outbox options for a database at <paramref name="path"/> under a policy retention of <paramref name="policyRetentionDays"/>.</summary>
    public OutboxOptions ToOptions(string path, int policyRetentionDays)
    {
        var defaults = new OutboxOptions { DatabasePath = path };
        var days = Math.Min(RetentionDays ?? policyRetentionDays, policyRetentionDays);
        return defaults with
        {
            CommitInterval = CommitInterval ?? defaults.CommitInterval,
            CommitBatch = CommitBatch ?? defaults.CommitBatch,
            Synchronous = Synchronous ?? defaults.Synchronous,
            MaxRecords = MaxRecords ?? defaults.MaxRecords,
            MaxBytes = MaxBytes ?? defaults.MaxBytes,
            FullMode = FullMode ?? defaults.FullMode,
            Retention = TimeSpan.FromDays(Math.Max(1, days)),
        };
    }
}
