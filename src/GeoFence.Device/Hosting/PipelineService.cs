using GeoFence.Device.Cli.Simulate;
using GeoFence.Device.Pipeline;
using GeoFence.Device.Status;
using GeoFence.Forwarding.Outbox;
using GeoFence.Forwarding.Threading;
using GeoFence.Gnss;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.Hosting;

/// <summary>
/// The pipeline: takes fixes from the <see cref="FixHandOver"/>, decides and sanitises them through the
/// <see cref="FixPipeline"/>, pumps the delay line and mirrors the outcome into the <see cref="UnitStatusBoard"/>.
/// Live, all of it runs on one dedicated thread ("pipeline") that sleeps until a fix is handed over or the delay line's
/// head matures (or the next uplink tick; idle at most <see cref="LongestPumpWait"/>): one wake-up per event, no
/// thread-pool hop per fix or per release (at 20 Hz those hops were most of the agent's CPU). A replayed file runs on
/// capture time instead and pumps as the capture's clock advances; at its end the pipeline pumps, drops what still waits
/// (as at shutdown) and signals <see cref="UnitLifecycle.InputCompleted"/>.
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
    /// <summary>The longest the pipeline sleeps: it picks up a policy swap and refreshes the queue depth while no fix arrives.</summary>
    internal static readonly TimeSpan LongestPumpWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestPacedGap = TimeSpan.FromSeconds(5);
    private long _shownDepth = -1;

    /// <summary>Raised (live) each time the pipeline thread sleeps: its wake-up time and the delay line's next due time, both on the pipeline clock.</summary>
    internal event Action<DateTimeOffset, DateTimeOffset?>? PumpArmed;

    /// <summary>Records dropped by the final flush (waiting in the delay line at stop or at the end of a replay).</summary>
    public int DroppedAtEnd { get; private set; }

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (clock.Replay is { } replayClock)
        {
            return ReplayAsync(new ReplaySink(replayClock, pipeline), stoppingToken);
        }

        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                RunLive(stoppingToken);
                finished.TrySetResult();
            }
            catch (Exception e)
            {
                finished.TrySetException(e);
            }
        })
        { IsBackground = true, Name = "pipeline" };
        thread.Start();
        return finished.Task;
    }

    private void RunLive(CancellationToken stoppingToken)
    {
        using var wake = new ClockWake(clock.Wall);
        queue.Arrived = wake.Set;
        using var stopping = stoppingToken.Register(wake.Set);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // live, the hand-over showed each epoch to the output's privacy window as it arrived (FixHandOver)
                while (queue.Reader.TryRead(out var handedOver))
                {
                    Decide(handedOver.Fix, null, Arrival(handedOver));
                }

                if (queue.Reader.Completion.IsCompleted)
                {
                    EndOfInput();
                    return;
                }

                audit.Use(holder.Current);
                pipeline.Pump();
                var due = pipeline.NextDue;
                ShowQueueDepth();
                var now = clock.Pipeline.GetUtcNow();
                var wait = due is { } next ? next - now : LongestPumpWait;
                wait = wait <= TimeSpan.Zero ? TimeSpan.Zero
                    : wait >= LongestPumpWait ? LongestPumpWait
                    : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)); // never wake just before the maturity
                wake.Arm(wait);
                if (!queue.Sleeping(DeferralDeadline(wake, due, wait)))
                {
                    continue; // a fix arrived meanwhile
                }

                PumpArmed?.Invoke(now + wait, due);
                wake.Wait();
                queue.Woke();
            }

            DroppedAtEnd = pipeline.Flush(); // shutdown: a waiting record never leaves early
        }
        finally
        {
            queue.Arrived = null;
        }
    }

    /// <summary>
    /// Until when fixes may wait for this sleep to end instead of waking the pipeline: only on the system clock, and only
    /// when the wake-up is a maturity (a record waits, so the policy's delay is running and a fix decided as of its
    /// hand-over a moment later still leaves on time). Otherwise (null) every fix wakes the pipeline.
    /// </summary>
    private long? DeferralDeadline(ClockWake wake, DateTimeOffset? due, TimeSpan wait) =>
        wake.OnSystemClock && due is not null && wait < LongestPumpWait
            ? clock.Pipeline.GetTimestamp() + (long)(wait.TotalSeconds * clock.Pipeline.TimestampFrequency)
            : null;

    /// <summary>When a fix was handed over, on the pipeline clock (never after now).</summary>
    private DateTimeOffset Arrival(in HandedOverFix handedOver) =>
        clock.Pipeline.GetUtcNow() - clock.Pipeline.GetElapsedTime(handedOver.Timestamp);

    private async Task ReplayAsync(ReplaySink replay, CancellationToken stoppingToken)
    {
        await Task.Yield();
        DateTimeOffset? previousTime = null;
        try
        {
            await foreach (var handedOver in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var fix = handedOver.Fix;
                if (clock.Realtime && previousTime is { } before && fix.Time > before)
                {
                    var gap = fix.Time - before;
                    await Task.Delay(gap < LongestPacedGap ? gap : LongestPacedGap, clock.Wall, stoppingToken).ConfigureAwait(false);
                }

                previousTime = fix.Time == default ? previousTime : fix.Time;
                output.ObserveEpoch(fix.Time);
                Decide(fix, replay, default);
            }

            EndOfInput();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            DroppedAtEnd = pipeline.Flush(); // shutdown: a waiting record never leaves early
        }
    }

    private void EndOfInput()
    {
        audit.Use(holder.Current);
        pipeline.Pump();
        DroppedAtEnd = pipeline.Flush();
        lifecycle.SignalInputCompleted();
    }

    private void ShowQueueDepth()
    {
        var depth = outbox.Depth;
        if (depth != _shownDepth)
        {
            _shownDepth = depth;
            board.Update((int)Math.Min(int.MaxValue, depth), static (s, queued) => s with { QueueDepth = queued });
        }
    }

    private void Decide(in Fix fix, ReplaySink? replay, DateTimeOffset arrived)
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
            pipeline.OnFix(fix, arrived);
        }

        var decision = counters.Blocked + counters.NoPolicy > blocked ? DecisionClass.Blocked
            : counters.Redacted > redacted ? DecisionClass.RedactingOrHolding
            : counters.Allowed > allowed ? DecisionClass.Forwarding
            : DecisionClass.Blocked;
        var hasFix = fix.Mode >= FixMode.TwoD && fix.Latitude is not null && fix.Longitude is not null;
        var satellites = hasFix ? fix.SatellitesUsed ?? 0 : 0;
        var depth = outbox.Depth;
        _shownDepth = depth;
        board.RecordEpoch(decision, hasFix ? FixState.Fix : FixState.NoFix, satellites, (int)Math.Min(int.MaxValue, depth));
    }
}
