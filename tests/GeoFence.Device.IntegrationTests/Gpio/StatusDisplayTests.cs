using GeoFence.Device.Gpio;
using GeoFence.Device.Status;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Gpio;

/// <summary>The display text (words and counts only) and its once-a-second refresh.</summary>
public sealed class StatusDisplayTests
{
    [Fact]
    public void The_text_names_states_in_words_within_the_display_width()
    {
        var status = UnitStatus.Initial with
        {
            Policy = PolicyState.Loaded,
            SourceAlive = true,
            Fix = FixState.Fix,
            SatellitesUsed = 14,
            LastDecision = DecisionClass.RedactingOrHolding,
            Broker = BrokerState.NotApproved,
            QueueDepth = 123456,
        };

        Assert.Equal(["POLICY ok", "FIX yes  SAT 14", "ZONE redact", "TX open", "Q 123456 MQTT refused"], StatusDisplayText.Render(status));
        Assert.Equal(["POLICY none", "GNSS silent", "ZONE -", "TX closed", "Q 0 MQTT down"], StatusDisplayText.Render(UnitStatus.Initial));
        Assert.Equal("TX killed (switch)", StatusDisplayText.Render(status with { PrivacySwitchOn = true })[3]);
        Assert.All(StatusDisplayText.Render(status with { QueueDepth = int.MaxValue }), l => Assert.True(l.Length <= StatusDisplayText.Width));
    }

    [Fact]
    public async Task The_display_is_redrawn_at_most_once_a_second_and_only_on_change()
    {
        var (board, time, display) = (new UnitStatusBoard(), new FakeTimeProvider(), new RecordingDisplay());
        using var service = new StatusDisplayService(display, board, time);

        await service.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.Zero);
        Assert.Single(display.Frames);

        for (var i = 0; i < 10; i++)
        {
            board.Update(s => s with { QueueDepth = i });
        }

        Assert.Single(display.Frames);
        time.Advance(StatusDisplayService.RefreshInterval);
        Assert.Equal(2, display.Frames.Count);
        Assert.Equal("Q 9 MQTT down", display.Frames[^1][4]);

        time.Advance(StatusDisplayService.RefreshInterval * 3);
        Assert.Equal(2, display.Frames.Count);
        await service.StopAsync(CancellationToken.None);
    }

    private sealed class RecordingDisplay : IStatusDisplay
    {
        public List<IReadOnlyList<string>> Frames { get; } = [];

        public void Show(IReadOnlyList<string> lines) => Frames.Add(lines);
    }
}
