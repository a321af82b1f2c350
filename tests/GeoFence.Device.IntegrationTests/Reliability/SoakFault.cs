namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>The faults the soak injects.</summary>
public enum SoakFaultKind
{
    /// <summary>mosquitto stopped (SIGTERM, persistent) and started again after a few seconds.</summary>
    BrokerRestart,

    /// <summary>The agent killed with SIGKILL, its committed outbox read, and the agent started again.</summary>
    AgentKill,

    /// <summary>socat killed (the serial port hangs up, the link disappears) and started again on the same link.</summary>
    PtyHangup,

    /// <summary>Bursts of random bytes written into the receiver stream between epochs.</summary>
    GarbageBurst,

    /// <summary>A newer signed bundle dropped into incoming/ and installed by the agent's 5 s scan.</summary>
    PolicySwap,

    /// <summary>The data directory (a small tmpfs) filled until ENOSPC, held full for 2–4 s under 20 Hz input, then freed.</summary>
    DiskFull,
}

/// <summary>One injected fault: when it started and ended (soak time), and what followed.</summary>
/// <param name="Kind">The fault.</param>
/// <param name="Start">Soak time the fault began.</param>
/// <param name="End">Soak time the fault was over (broker/pty back, agent restarted, bundle installed, burst written, space freed).</param>
/// <param name="Recovery">Fault end → first record not seen before arrives at the consumer; null if none came in time.</param>
/// <param name="Committed">Records in the outbox after a kill, or before the disk filled up (AgentKill, DiskFull).</param>
/// <param name="InputRecovery">
/// The first fix written after the fault end: its arrival at the consumer minus its write time minus the policy's 30 s
/// trajectory-guard delay, i.e. how much later than by design the unit delivered fresh input again; null if never.
/// </param>
public sealed record SoakFault(SoakFaultKind Kind, TimeSpan Start, TimeSpan End, TimeSpan? Recovery, int Committed, TimeSpan? InputRecovery = null);
