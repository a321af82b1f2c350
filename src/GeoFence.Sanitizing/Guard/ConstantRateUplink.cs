using GeoFence.Sanitizing.Output;
using GeoFence.Sanitizing.Policy;

namespace GeoFence.Sanitizing.Guard;

/// <summary>
/// One record per cadence tick: the newest matured record since the last tick, else a heartbeat (if the policy asks)
/// or nothing. Suppression and no-fix look the same. Missed ticks (a late pump) are skipped, never sent in a burst.
/// </summary>
internal sealed class ConstantRateUplink(ConstantRateUplinkRules rules, DateTimeOffset start)
{
    private OutgoingContent? newest;
    private DateTimeOffset nextTick = NextTickAfter(start, rules.Cadence);

    /// <summary>How many matured records were replaced by a newer one before their tick.</summary>
    public long Coalesced { get; private set; }

    /// <summary>The next cadence tick: when a held record or a heartbeat may leave.</summary>
    public DateTimeOffset NextTick => nextTick;

    /// <summary>Holds a matured record until the next tick.</summary>
    public void Offer(OutgoingContent content)
    {
        if (newest is not null)
        {
            Coalesced++;
        }

        newest = content;
    }

    /// <summary>When a tick has passed: what to send (a record, a heartbeat, or nothing); the tick time is returned for heartbeats.</summary>
    public bool TryTick(DateTimeOffset now, out OutgoingContent? record, out DateTimeOffset tick)
    {
        record = null;
        tick = default;
        if (now < nextTick)
        {
            return false;
        }

        tick = Redaction.ContentBuilder.Floor(now, rules.Cadence);
        nextTick = tick + rules.Cadence;
        record = newest;
        newest = null;
        return true;
    }

    /// <summary>Forgets the held record (shutdown).</summary>
    public bool Drop()
    {
        var had = newest is not null;
        newest = null;
        return had;
    }

    private static DateTimeOffset NextTickAfter(DateTimeOffset time, TimeSpan cadence) => Redaction.ContentBuilder.Floor(time, cadence) + cadence;
}
