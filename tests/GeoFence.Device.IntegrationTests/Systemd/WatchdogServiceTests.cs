using System.Threading.Channels;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Status;
using GeoFence.Device.Systemd;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Systemd;

/// <summary>The health-gated watchdog against a real unix datagram socket standing in for systemd's NOTIFY_SOCKET.</summary>
public sealed class WatchdogServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Pings_arrive_while_healthy_stop_while_unhealthy_and_resume()
    {
        using var dir = new TestDirectory();
        using var systemd = new UnixDatagramListener(dir.File("notify.sock"));
        var time = new FakeTimeProvider();
        var health = new SwitchableHealth { Healthy = true };
        var settings = WatchdogSettings.Parse("10000000", null, Environment.ProcessId)!;
        using var service = new SystemdWatchdogService(
            new UnixDatagramNotifier(systemd.Path), health, settings, time, NullLogger<SystemdWatchdogService>.Instance);
        var ticks = Channel.CreateUnbounded<bool>();
        service.Ticked += sent => ticks.Writer.TryWrite(sent);

        await service.StartAsync(CancellationToken.None);
        Assert.True(await ticks.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal("WATCHDOG=1", await systemd.ReceiveTextAsync(Patience));

        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(ticks.Reader.TryRead(out _));
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(await ticks.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal("WATCHDOG=1", await systemd.ReceiveTextAsync(Patience));

        health.Healthy = false;
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            Assert.False(await ticks.Reader.ReadAsync().AsTask().WaitAsync(Patience));
            Assert.Equal(0, systemd.Pending);
        }

        health.Healthy = true;
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await ticks.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal("WATCHDOG=1", await systemd.ReceiveTextAsync(Patience));

        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_vanished_notify_socket_is_logged_not_thrown()
    {
        using var dir = new TestDirectory();
        var time = new FakeTimeProvider();
        var settings = WatchdogSettings.Parse("2000000", null, Environment.ProcessId)!;
        using var service = new SystemdWatchdogService(
            new UnixDatagramNotifier(dir.File("gone.sock")), new SwitchableHealth { Healthy = true }, settings, time,
            NullLogger<SystemdWatchdogService>.Instance);
        var ticks = Channel.CreateUnbounded<bool>();
        service.Ticked += sent => ticks.Writer.TryWrite(sent);

        await service.StartAsync(CancellationToken.None);
        Assert.False(await ticks.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await ticks.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        await service.StopAsync(CancellationToken.None);
        Assert.Null(service.ExecuteTask!.Exception);
    }

    [Theory]
    [InlineData("10000000", null, true, 5000)]
    [InlineData("10000000", "self", true, 5000)]
    [InlineData("10000000", "1", false, 0)]
    [InlineData("0", null, false, 0)]
    [InlineData(null, null, false, 0)]
    [InlineData("ten", null, false, 0)]
    public void Watchdog_settings_follow_WATCHDOG_USEC_and_WATCHDOG_PID(string? usec, string? pid, bool enabled, int pingMs)
    {
        const int Self = 4242;
        var settings = WatchdogSettings.Parse(usec, pid == "self" ? "4242" : pid, Self);

        Assert.Equal(enabled, settings is not null);
        if (enabled)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(pingMs), settings!.PingInterval);
        }
    }

    [Fact]
    public void After_the_startup_grace_health_needs_a_live_source_a_loaded_policy_and_progress_since_the_last_check()
    {
        var board = new UnitStatusBoard();
        var time = new FakeTimeProvider();
        var health = new UnitStatusHealth(board, Microsoft.Extensions.Options.Options.Create(new WatchdogOptions { StartupGrace = TimeSpan.FromSeconds(60) }), time);

        Assert.True(health.IsHealthy(out var starting));
        Assert.Equal("starting", starting.Value);
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.False(health.IsHealthy(out var reason));
        Assert.Equal("source-not-alive", reason.Value);

        board.Update(s => s with { SourceAlive = true });
        Assert.False(health.IsHealthy(out reason));
        Assert.Equal("no-valid-policy", reason.Value);

        board.Update(s => s with { Policy = PolicyState.Loaded });
        Assert.False(health.IsHealthy(out reason));
        Assert.Equal("no-progress", reason.Value);

        board.RecordDecision(DecisionClass.Blocked);
        Assert.True(health.IsHealthy(out _));
        Assert.False(health.IsHealthy(out reason));
        Assert.Equal("no-progress", reason.Value);

        board.RecordDecision(DecisionClass.Forwarding);
        Assert.True(health.IsHealthy(out _));
    }

    private sealed class SwitchableHealth : IPipelineHealth
    {
        private volatile bool _healthy;

        public bool Healthy { get => _healthy; set => _healthy = value; }

        public bool IsHealthy(out ReasonId reason)
        {
            reason = ReasonId.Parse(Healthy ? "healthy" : "test-unhealthy");
            return Healthy;
        }
    }
}
