using GeoFence.Device.Gpio;
using GeoFence.Device.Status;

namespace GeoFence.Device.IntegrationTests.Gpio;

/// <summary>The LED table in docs/unit.md, row by row.</summary>
public sealed class LedSignalTests
{
    private static readonly UnitStatus Forwarding = UnitStatus.Initial with
    {
        Policy = PolicyState.Loaded,
        SourceAlive = true,
        Fix = FixState.Fix,
        LastDecision = DecisionClass.Forwarding,
        Broker = BrokerState.Connected,
    };

    public static TheoryData<string, UnitStatus, LedColor, LedPattern> Rows => new()
    {
        { "start-up", UnitStatus.Initial, LedColor.Red, LedPattern.SlowBlink },
        { "no policy", Forwarding with { Policy = PolicyState.None }, LedColor.Red, LedPattern.SlowBlink },
        { "invalid policy", Forwarding with { Policy = PolicyState.Invalid }, LedColor.Red, LedPattern.FastBlink },
        { "expired policy", Forwarding with { Policy = PolicyState.Expired }, LedColor.Red, LedPattern.FastBlink },
        { "broker not approved", Forwarding with { Broker = BrokerState.NotApproved }, LedColor.Red, LedPattern.DoubleFlash },
        { "privacy switch", Forwarding with { PrivacySwitchOn = true }, LedColor.Red, LedPattern.Steady },
        { "source dead", Forwarding with { SourceAlive = false }, LedColor.Amber, LedPattern.SlowBlink },
        { "no fix", Forwarding with { Fix = FixState.NoFix }, LedColor.Amber, LedPattern.SlowBlink },
        { "blocked", Forwarding with { LastDecision = DecisionClass.Blocked }, LedColor.Red, LedPattern.Steady },
        { "redacting", Forwarding with { LastDecision = DecisionClass.RedactingOrHolding }, LedColor.Amber, LedPattern.Steady },
        { "forwarding", Forwarding, LedColor.Green, LedPattern.Steady },
        { "forwarding, broker down", Forwarding with { Broker = BrokerState.Disconnected }, LedColor.Green, LedPattern.SlowBlink },
        { "no decision yet", Forwarding with { LastDecision = DecisionClass.None }, LedColor.Amber, LedPattern.SlowBlink },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Each_state_shows_its_row(string row, UnitStatus status, LedColor color, LedPattern pattern)
    {
        Assert.True(LedSignal.For(status) == new LedSignal(color, pattern), row);
    }

    [Theory]
    [InlineData(LedPattern.Steady, "11111111")]
    [InlineData(LedPattern.SlowBlink, "11110000")]
    [InlineData(LedPattern.FastBlink, "10101010")]
    [InlineData(LedPattern.DoubleFlash, "10100000")]
    public void Patterns_over_one_second(LedPattern pattern, string phases)
    {
        var signal = new LedSignal(LedColor.Green, pattern);
        Assert.Equal(phases, string.Concat(Enumerable.Range(0, LedSignal.Phases).Select(p => signal.IsLit(p) ? '1' : '0')));
    }
}
