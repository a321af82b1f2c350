using GeoFence.Device.Status;

namespace GeoFence.Device.Gpio;

/// <summary>Which status LED is lit.</summary>
public enum LedColor
{
    /// <summary>All LEDs off.</summary>
    None,

    /// <summary>Green.</summary>
    Green,

    /// <summary>Amber.</summary>
    Amber,

    /// <summary>Red.</summary>
    Red,
}

/// <summary>How the lit LED shows: a one-second cycle of eight 125 ms phases.</summary>
public enum LedPattern
{
    /// <summary>On all the time.</summary>
    Steady,

    /// <summary>1 Hz: 500 ms on, 500 ms off.</summary>
    SlowBlink,

    /// <summary>4 Hz: 125 ms on, 125 ms off.</summary>
    FastBlink,

    /// <summary>Two 125 ms flashes, then 625 ms dark.</summary>
    DoubleFlash,
}

/// <summary>One LED and its pattern: what the unit shows for a <see cref="UnitStatus"/>.</summary>
public readonly record struct LedSignal(LedColor Color, LedPattern Pattern)
{
    /// <summary>The number of phases in one cycle.</summary>
    public const int Phases = 8;

    /// <summary>The length of one phase.</summary>
    public static readonly TimeSpan PhaseLength = TimeSpan.FromMilliseconds(125);

    /// <summary>
    /// The LED table, first matching row wins (docs/unit.md):
    /// no policy → red slow blink; invalid or expired policy → red fast blink; broker not approved → red double flash;
    /// privacy switch on → red steady; source dead or no fix → amber slow blink; last decision blocked → red steady;
    /// redacting or holding → amber steady; forwarding with the broker connected → green steady; forwarding into the
    /// outbox while the broker is disconnected → green slow blink; otherwise (no decision yet) → amber slow blink.
    /// </summary>
    public static LedSignal For(UnitStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status switch
        {
            { Policy: PolicyState.None } => new(LedColor.Red, LedPattern.SlowBlink),
            { Policy: PolicyState.Invalid or PolicyState.Expired } => new(LedColor.Red, LedPattern.FastBlink),
            { Broker: BrokerState.NotApproved } => new(LedColor.Red, LedPattern.DoubleFlash),
            { PrivacySwitchOn: true } => new(LedColor.Red, LedPattern.Steady),
            { SourceAlive: false } or { Fix: FixState.NoFix } => new(LedColor.Amber, LedPattern.SlowBlink),
            { LastDecision: DecisionClass.Blocked } => new(LedColor.Red, LedPattern.Steady),
            { LastDecision: DecisionClass.RedactingOrHolding } => new(LedColor.Amber, LedPattern.Steady),
            { LastDecision: DecisionClass.Forwarding, Broker: BrokerState.Connected } => new(LedColor.Green, LedPattern.Steady),
            { LastDecision: DecisionClass.Forwarding } => new(LedColor.Green, LedPattern.SlowBlink),
            _ => new(LedColor.Amber, LedPattern.SlowBlink),
        };
    }

    /// <summary>Whether the LED is lit in <paramref name="phase"/> (0–7) of the cycle.</summary>
    public bool IsLit(int phase) => Pattern switch
    {
        LedPattern.Steady => true,
        LedPattern.SlowBlink => phase % Phases < 4,
        LedPattern.FastBlink => phase % 2 == 0,
        LedPattern.DoubleFlash => phase % Phases is 0 or 2,
        _ => false,
    };
}
