using System.Device.Gpio;
using GeoFence.Device.Pipeline;
using GeoFence.Device.Sources;

namespace GeoFence.Device.Hosting;

/// <summary>What an embedding (the demo, tests) may replace in the unit's composition; empty for a field unit.</summary>
public sealed class UnitHostOverrides
{
    /// <summary>Configuration values applied last (highest precedence).</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>A byte source instead of <c>Receiver:Source</c>.</summary>
    public IByteSource? Source { get; init; }

    /// <summary>True when <see cref="Source"/> is a recording to replay on its own time (like a file source).</summary>
    public bool SourceIsReplay { get; init; }

    /// <summary>The wall clock (default: the system clock).</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>A GPIO controller factory instead of the board's.</summary>
    public Func<GpioController>? GpioController { get; init; }

    /// <summary>More receivers of the compliant records, after the outbox.</summary>
    public IReadOnlyList<ICompliantSink> ExtraSinks { get; init; } = [];
}
