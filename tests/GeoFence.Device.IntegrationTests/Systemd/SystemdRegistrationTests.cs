using GeoFence.Device.Status;
using GeoFence.Device.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace GeoFence.Device.IntegrationTests.Systemd;

/// <summary>The registration resolves and runs outside systemd (no NOTIFY_SOCKET, no WATCHDOG_USEC here).</summary>
public sealed class SystemdRegistrationTests
{
    [Fact]
    public async Task A_host_with_the_unit_systemd_services_starts_and_stops_outside_systemd()
    {
        Assert.Null(Environment.GetEnvironmentVariable("WATCHDOG_USEC"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddUnitSystemd(builder.Configuration);
        using var host = builder.Build();

        Assert.NotNull(host.Services.GetRequiredService<ISystemdNotifier>());
        Assert.NotNull(host.Services.GetRequiredService<UnitStatusBoard>());
        var watchdog = host.Services.GetRequiredService<SystemdWatchdogService>();

        await host.StartAsync();
        await watchdog.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        await host.StopAsync();
    }
}
