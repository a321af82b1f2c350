namespace GeoFence.Device.Demo;

/// <summary>What a demo environment is made of; the defaults are what <c>geofence-device demo</c> uses.</summary>
public sealed record DemoEnvironmentOptions
{
    /// <summary>The clock for certificates, the policy window, the drive's start and the install check.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The drive and its two zones.</summary>
    public DemoRoute Route { get; init; } = DemoRoute.Default;

    /// <summary>The demo unit's id (part of every topic).</summary>
    public string UnitId { get; init; } = "demo-unit";

    /// <summary>The topic prefix: records on {prefix}/{unitId}/fix, status on {prefix}/{unitId}/status.</summary>
    public string TopicPrefix { get; init; } = "geofence";

    /// <summary>How long the policy and the certificates stay valid from now.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The first epoch's time; null = now (so a paced run looks live).</summary>
    public DateTimeOffset? DriveStart { get; init; }

    /// <summary>Where the temporary unit directory is made; null = the system temp directory.</summary>
    public string? ParentDirectory { get; init; }

    /// <summary>Connect the <see cref="DemoConsumer"/> at start (default true).</summary>
    public bool ConnectConsumer { get; init; } = true;
}
