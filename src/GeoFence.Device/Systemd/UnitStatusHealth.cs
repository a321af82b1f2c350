using GeoFence.Device.Status;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.Systemd;

/// <summary>
/// Pipeline health from <see cref="UnitStatus"/>: the source is alive, a policy is loaded (unless
/// <see cref="WatchdogOptions.RequirePolicy"/> is off) and the epoch counter advanced since the previous check.
/// During <see cref="WatchdogOptions.StartupGrace"/> after construction, a failed check still counts as healthy.
/// </summary>
public sealed class UnitStatusHealth : IPipelineHealth
{
    private static readonly ReasonId Healthy = ReasonId.Parse("healthy");
    private static readonly ReasonId SourceDead = ReasonId.Parse("source-not-alive");
    private static readonly ReasonId NoPolicy = ReasonId.Parse("no-valid-policy");
    private static readonly ReasonId NoProgress = ReasonId.Parse("no-progress");
    private static readonly ReasonId Starting = ReasonId.Parse("starting");

    private readonly UnitStatusBoard _board;
    private readonly WatchdogOptions _options;
    private readonly TimeProvider _time;
    private readonly long _createdAt;
    private long _epochsAtLastCheck;

    /// <summary>Creates the check over <paramref name="board"/>; the startup grace begins now.</summary>
    public UnitStatusHealth(UnitStatusBoard board, IOptions<WatchdogOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _board = board;
        _options = options.Value;
        _time = time;
        _createdAt = time.GetTimestamp();
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
        if (reason != Healthy && _time.GetElapsedTime(_createdAt) < _options.StartupGrace)
        {
            reason = Starting;
        }

        return reason == Healthy || reason == Starting;
    }
}
