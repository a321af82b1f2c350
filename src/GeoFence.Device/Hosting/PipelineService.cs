using GeoFence.Device.Cli.Simulate;
using GeoFence.Device.Pipeline;
using GeoFence.Device.Status;
using GeoFence.Forwarding.Outbox;
using GeoFence.Gnss;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The pipeline thread: takes fixes from the <see cref="FixHandOver"/>, decides and sanitises them through the
/// <see cref="FixPipeline"/>, pumps the delay line exactly when its head matures (live: a timer set to the next maturity or uplink tick, re-armed when an epoch brings an earlier one) or on capture time (replay), and mirrors the
/// outcome into the <see cref="UnitStatusBoard"/>. At the end of a replayed file it pumps, drops what still waits (as
/// at shutdown) and signals <see cref="UnitLifecycle.InputCompleted"/>.
/// </summary>
public sealed class PipelineService(
    FixHandOver queue,
    FixPipeline pipeline,
    PipelineClock clock,
    PolicyHolder holder,
    UnitAudit audit,
    DurableOutbox outbox,
    UnitStatusBoard board,
    UnitLifecycle lifecycle,
    UnitOutput output) : BackgroundService
{
    /// <summary>The longest the pump sleeps: it picks up a policy swap and refreshes the queue depth while no fix arrives.</summary>
    internal static readonly TimeSpan LongestPumpWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPacedGap = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private TaskCompletionSource? _wake;
    private long _plannedWakeTicks = long.MaxValue;

    /// <summary>Raised (live) each time the pump sleeps: its wake-up time and the delay line's next due time, both on the pipeline clock.</summary>
    internal event Action<DateTimeOffset, DateTimeOffset?>? PumpArmed;

    /// <summary>Records dropped by the final flush (waiting in the delay line at stop or at the end of a replay).</summary>
    public int DroppedAtEnd { get; private set; }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var pumping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pump = clock.Replay is null ? PumpAsync(pumping.Token) : Task.CompletedTask;
        var replay = clock.Replay is { } replayClock ? new ReplaySink(replayClock, pipeline) : null;
        DateTimeOffset? previousTime = null;
        try
        {
            await foreach (var fix in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                if (clock.Realtime && previousTime is { } before && fix.Time > before)
                {
                    var gap = fix.Time - before;
                    await Task.Delay(gap < LongestPacedGap ? gap : LongestPacedGap, clock.Wall, stoppingToken).ConfigureAwait(false);
                }

                previousTime = fix.Time == default ? previousTime : fix.Time;
                output.ObserveEpoch(fix.Time); // an epoch taken while the privacy switch is on never leaves, however late
                lock (_gate)
                {
                    Decide(fix, replay);
                    if (replay is null)
                    {
                        WakePumpIfDueEarlier();
                    }
                }
            }

            lock (_gate)
            {
                audit.Use(holder.Current);
                pipeline.Pump();
                DroppedAtEnd = pipeline.Flush();
            }

            lifecycle.SignalInputCompleted();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                DroppedAtEnd = pipeline.Flush(); // shutdown: a waiting record never leaves early
            }
        }
        finally
        {
            await pumping.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
        }
    }

    private void Decide(in Fix fix, ReplaySink? replay)
    {
        audit.Use(holder.Current);
        var counters = pipeline.Counters;
        var (blocked, redacted, allowed) = (counters.Blocked + counters.NoPolicy, counters.Redacted, counters.Allowed);
        if (replay is not null)
        {
            replay.OnFix(fix);
        }
        else
        {
            pipeline.OnFix(fix);
        }

        var decision = counters.Blocked + counters.NoPolicy > blocked ? DecisionClass.Blocked
            : counters.Redacted > redacted ? DecisionClass.RedactingOrHolding
            : counters.Allowed > allowed ? DecisionClass.Forwarding
            : DecisionClass.Blocked;
        var hasFix = fix.Mode >= FixMode.TwoD && fix.Latitude is not null && fix.Longitude is not null;
        var satellites = hasFix ? fix.SatellitesUsed ?? 0 : 0;
        board.RecordDecision(decision);
        board.Update(s => s with
        {
            Fix = hasFix ? FixState.Fix : FixState.NoFix,
            SatellitesUsed = satellites,
            QueueDepth = (int)Math.Min(int.MaxValue, outbox.Depth),
        });
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        // On the system clock the pump sleeps on its own thread to CLOCK_MONOTONIC precision (see PreciseSleeper); a
        // test's fake clock drives Task.Delay instead.
        using var sleeper = ReferenceEquals(clock.Wall, TimeProvider.System) ? new PreciseSleeper() : null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _wake, wake);
            DateTimeOffset? due;
            lock (_gate)
            {
                audit.Use(holder.Current);
                pipeline.Pump();
                due = pipeline.NextDue;
            }

            board.Update(s => s with { QueueDepth = (int)Math.Min(int.MaxValue, outbox.Depth) });
            var now = clock.Pipeline.GetUtcNow();
            var wait = due is { } next ? next - now : LongestPumpWait;
            wait = wait <= TimeSpan.Zero ? TimeSpan.Zero
                : wait >= LongestPumpWait ? LongestPumpWait
                : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)); // never wake just before the maturity
            Volatile.Write(ref _plannedWakeTicks, (now + wait).UtcTicks);
            using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = sleeper?.SleepAsync(wait, sleeping.Token) ?? Task.Delay(wait, clock.Wall, sleeping.Token);
            PumpArmed?.Invoke(now + wait, due);
            await Task.WhenAny(delay, wake.Task).ConfigureAwait(false);
            await sleeping.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Called after a fix was decided: wakes the pump when the delay line now matures before its planned wake-up.</summary>
    private void WakePumpIfDueEarlier()
    {
        if (pipeline.NextDue is { } due && due.UtcTicks < Volatile.Read(ref _plannedWakeTicks))
        {
            Volatile.Read(ref _wake)?.TrySetResult();
        }
    }
}
