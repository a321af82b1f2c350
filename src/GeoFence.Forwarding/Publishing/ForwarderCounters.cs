namespace GeoFence.Forwarding.Publishing;

/// <summary>Thread-safe forwarder counters (counts and states only: safe for the status topic).</summary>
public sealed class ForwarderCounters
{
    private long _messages;
    private long _recordsAcknowledged;
    private long _connects;
    private long _connectFailures;
    private long _gateRefusals;
    private long _publishFailures;
    private long _policyBundles;
    private long _recordsResent;
    private long _policyBundlesTooLarge;
    private int _inFlight;
    private int _inFlightPeak;
    private int _inFlightCap;

    /// <summary>Messages acknowledged by the broker.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Records acknowledged by the broker (and removed from the outbox).</summary>
    public long RecordsAcknowledged => Interlocked.Read(ref _recordsAcknowledged);

    /// <summary>Successful connections.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Connection attempts that failed for a reason other than the gate.</summary>
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    /// <summary>Connection attempts the gate refused.</summary>
    public long GateRefusals => Interlocked.Read(ref _gateRefusals);

    /// <summary>Publishes that failed or were refused by the broker.</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <summary>Records published again after a reconnect because their PUBACK never came (the duplicate window).</summary>
    public long RecordsResent => Interlocked.Read(ref _recordsResent);

    /// <summary>Policy bundles received on the policy topics and handed on.</summary>
    public long PolicyBundles => Interlocked.Read(ref _policyBundles);

    /// <summary>Policy messages dropped for exceeding the size bound.</summary>
    public long PolicyBundlesTooLarge => Interlocked.Read(ref _policyBundlesTooLarge);

    /// <summary>Messages awaiting PUBACK now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Most messages ever awaiting PUBACK at once.</summary>
    public int InFlightPeak => Volatile.Read(ref _inFlightPeak);

    /// <summary>The in-flight cap of the current connection: min(configured, broker's Receive Maximum).</summary>
    public int InFlightCap => Volatile.Read(ref _inFlightCap);

    internal void Acknowledged(int records)
    {
        Interlocked.Increment(ref _messages);
        Interlocked.Add(ref _recordsAcknowledged, records);
    }

    internal void Connected(int cap)
    {
        Interlocked.Increment(ref _connects);
        Volatile.Write(ref _inFlightCap, cap);
    }

    internal void Resent(int records) => Interlocked.Add(ref _recordsResent, records);

    internal void ConnectFailed() => Interlocked.Increment(ref _connectFailures);

    internal void GateRefused() => Interlocked.Increment(ref _gateRefusals);

    internal void PublishFailed() => Interlocked.Increment(ref _publishFailures);

    internal void PolicyBundle() => Interlocked.Increment(ref _policyBundles);

    internal void PolicyBundleTooLarge() => Interlocked.Increment(ref _policyBundlesTooLarge);

    internal void EnterFlight()
    {
        var now = Interlocked.Increment(ref _inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref _inFlightPeak)) && Interlocked.CompareExchange(ref _inFlightPeak, now, peak) != peak)
        {
        }
    }

    internal void LeaveFlight() => Interlocked.Decrement(ref _inFlight);
}
