using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Status;
using GeoFence.Device.Systemd;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Systemd;

/// <summary>STATUS= lines to a real unix datagram socket: sent on change, at most once a second.</summary>
public sealed class SystemdStatusServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_status_line_is_sent_at_start_and_again_only_when_it_changes()
    {
        using var dir = new TestDirectory();
        using var systemd = new UnixDatagramListener(dir.File("notify.sock"));
        var (board, time) = (new UnitStatusBoard(), new FakeTimeProvider());
        using var service = new SystemdStatusService(new UnixDatagramNotifier(systemd.Path), board, time);

        await service.StartAsync(CancellationToken.None);
        Assert.Equal(
            "STATUS=policy none; gnss silent; idle; broker disconnected; queue 0; privacy switch off; display off",
            await systemd.ReceiveTextAsync(Patience));

        // both changes before the tick: the tick reads the board on the pool, so a change made after Advance may race
        // it (fresh-clone CI once saw the line between the two changes)
        board.Update(s => s with { Policy = PolicyState.Loaded, SourceAlive = true, Fix = FixState.Fix, QueueDepth = 4 });
        board.RecordDecision(DecisionClass.Forwarding);
        time.Advance(SystemdStatusService.Interval);
        Assert.Equal(
            "STATUS=policy loaded; fix; forwarding; broker disconnected; queue 4; privacy switch off; display off",
            await systemd.ReceiveTextAsync(Patience));
        time.Advance(SystemdStatusService.Interval); // nothing changed: nothing more is sent

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(0, systemd.Pending);
    }
}
