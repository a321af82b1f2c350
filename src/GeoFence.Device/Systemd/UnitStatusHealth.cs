using GeoFence.Device.Status;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.Systemd;

/// <summary>
/// Pipeline health from <see cref="UnitStatus"/>: the source is alive, a policy is loaded (unless
/// <see cref="WatchdogOptions.RequirePolicy"/> is off) and the epoch counter advanced since the previous check.
/// </summary>
public sealed class UnitStatusHealth : IPipelineHealth
{
    private static readonly ReasonId Healthy = ReasonId.Parse("healthy");
    private static readonly ReasonId SourceDead = ReasonId.Parse("source-not-alive");
    private static readonly ReasonId NoPolicy = ReasonId.Parse("no-valid-policy");
    private static readonly ReasonId NoProgress = ReasonId.Parse("no-progress");

    private readonly UnitStatusBoard _board;
    private readonly WatchdogOptions _options;
    private long _epochsAtLastCheck;

    /// <summary>Creates the check over <paramref name="board"/>.</summary>
    public UnitStatusHealth(UnitStatusBoard board, IOptions<WatchdogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _board = board;
        _options = options.Value;
    }

    /// <inheritdoc/>
    public bool IsHealthy(out ReasonId reason)
    {
        var status = _board.Current;
        var epochs = status.Counters.Epochs;
        var progressed = Interlocked.Exchange(ref _epochsAtLastCheck, epochs) != epochs;
        reason = !status.SourceAlive ? SourceDead
            : _options.RequirePolicy && status.Policy != PolicyState.Loaded ? NoPolicy
            : !progressed ? NoProgress
            : Healthy;
        return reason == Healthy;
    }
}
