using System.Net;
using System.Net.Sockets;
using GeoFence.Device.LocalFeed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>A started host with only the local feed, on a free loopback port, with a fake clock for POLL times.</summary>
internal sealed class FeedHost : IAsyncDisposable
{
    private readonly IHost host;

    private FeedHost(IHost host)
    {
        this.host = host;
        Feed = host.Services.GetRequiredService<LocalGpsdFeed>();
        Service = host.Services.GetRequiredService<LocalFeedService>();
        Clock = (FakeTimeProvider)host.Services.GetRequiredService<TimeProvider>();
    }

    public LocalGpsdFeed Feed { get; }

    public LocalFeedService Service { get; }

    public FakeTimeProvider Clock { get; }

    public int Port => Service.Endpoint!.Port;

    public static async Task<FeedHost> StartAsync(params (string Key, string Value)[] settings)
    {
        var host = Build(settings);
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return new FeedHost(host);
    }

    /// <summary>A built, not started, host; <c>LocalFeed:Port</c> defaults to a free port unless given.</summary>
    public static IHost Build(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var values = new Dictionary<string, string?> { ["LocalFeed:Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero)));
        builder.Services.AddUnitLocalFeed(builder.Configuration);
        return builder.Build();
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async Task<GpsdClient> ConnectAsync()
    {
        var client = await GpsdClient.ConnectAsync(Port);
        Assert.Equal("VERSION", (await client.ReadAsync()).Class());
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        host.Dispose();
    }
}
