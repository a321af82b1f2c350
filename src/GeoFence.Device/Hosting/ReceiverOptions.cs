namespace GeoFence.Device.Hosting;

/// <summary>Where the receiver's bytes come from (configuration section <c>Receiver</c>).</summary>
public sealed class ReceiverOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Receiver";

    /// <summary>The source: <c>serial:/dev/gnss0</c>, <c>tcp:HOST:PORT</c> or <c>file:/path/capture.log</c>.</summary>
    public string Source { get; set; } = "serial:/dev/gnss0";

    /// <summary>Serial speed, or <c>auto</c> to hunt 4800…921600 at 8N1 then 7N2 (not on ptys).</summary>
    public string Baud { get; set; } = "auto";

    /// <summary>File replay only: pace fixes by their receiver time instead of reading as fast as possible.</summary>
    public bool Realtime { get; set; }

    /// <summary>File replay only: stop the agent once the file is replayed and the outbox is delivered.</summary>
    public bool StopAtEnd { get; set; } = true;

    /// <summary>File replay only: how long to wait for the broker to acknowledge everything before stopping.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Earliest plausible receiver date (2-digit years, GPS week rollover); default: the build date.</summary>
    public DateTimeOffset? MinimumPlausibleDate { get; set; }

    /// <summary>Longest accepted NMEA sentence in characters.</summary>
    public int MaxSentenceLength { get; set; } = 120;

    /// <summary>No byte for this long counts as a stall and the source is reopened.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Fixes that may wait between the reader and the pipeline; beyond it the newest is dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 256;
}
