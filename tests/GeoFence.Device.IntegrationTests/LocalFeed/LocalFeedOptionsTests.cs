using System.Net;
using System.Net.Sockets;
using GeoFence.Device.LocalFeed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>Configuration errors stop the host at start with a message naming the key, the problem and an example.</summary>
public sealed class LocalFeedOptionsTests
{
    [Theory]
    [InlineData("0.0.0.0", "not a loopback address")]
    [InlineData("192.168.1.10", "not a loopback address")]
    [InlineData("::", "not a loopback address")]
    [InlineData("fe80::1", "not a loopback address")]
    [InlineData("::ffff:10.0.0.1", "not a loopback address")]
    [InlineData("localhost", "not an IP address")]
    [InlineData("", "is empty")]
    public async Task A_non_loopback_bind_address_is_refused_at_start(string address, string problem)
    {
        using var host = FeedHost.Build(("LocalFeed:BindAddress", address));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var message = Assert.Single(error.Failures);
        Assert.StartsWith("LocalFeed:BindAddress", message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.Contains("\"BindAddress\": \"127.0.0.1\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_loopback_bind_address_is_refused_even_when_the_feed_is_off()
    {
        using var host = FeedHost.Build(("LocalFeed:BindAddress", "0.0.0.0"), ("LocalFeed:Enabled", "false"));

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Theory]
    [InlineData("LocalFeed:Port", "0", "LocalFeed:Port is 0: use a TCP port from 1 to 65535, e.g. \"Port\": 2947")]
    [InlineData("LocalFeed:Port", "70000", "LocalFeed:Port is 70000")]
    [InlineData("LocalFeed:MaxClients", "0", "LocalFeed:MaxClients is 0: use 1 to 64 clients served at once, e.g. \"MaxClients\": 8.")]
    [InlineData("LocalFeed:MaxClients", "1000", "LocalFeed:MaxClients is 1000")]
    [InlineData("LocalFeed:QueueCapacity", "0", "LocalFeed:QueueCapacity is 0: use 1 to 4096 lines waiting per client, e.g. \"QueueCapacity\": 64")]
    [InlineData("LocalFeed:QueueCapacity", "-5", "LocalFeed:QueueCapacity is -5")]
    public async Task Out_of_range_numbers_are_refused_at_start(string key, string value, string message)
    {
        using var host = FeedHost.Build((key, value));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.StartsWith(message, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        using var host = FeedHost.Build(("LocalFeed:BindAddress", "10.0.0.1"), ("LocalFeed:Port", "0"), ("LocalFeed:MaxClients", "0"), ("LocalFeed:QueueCapacity", "0"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(4, error.Failures.Count());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_addresses_are_accepted(string address) =>
        Assert.Null(LocalFeedOptionsValidator.BindAddressProblem(address));

    [Fact]
    public void The_defaults_are_gpsd_s_port_on_127_0_0_1_and_valid()
    {
        var options = new LocalFeedOptions();

        Assert.Equal((true, 2947, "127.0.0.1", 8, 64), (options.Enabled, options.Port, options.BindAddress, options.MaxClients, options.QueueCapacity));
        Assert.True(new LocalFeedOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public async Task The_feed_listens_on_IPv6_loopback_when_asked()
    {
        await using var host = await FeedHost.StartAsync(("LocalFeed:BindAddress", "::1"));

        Assert.Equal(IPAddress.IPv6Loopback, host.Service.Endpoint!.Address);
        using var tcp = new TcpClient(AddressFamily.InterNetworkV6);
        await tcp.ConnectAsync(IPAddress.IPv6Loopback, host.Port).WaitAsync(TimeSpan.FromSeconds(15));
        using var reader = new StreamReader(tcp.GetStream());
        Assert.Contains("\"class\":\"VERSION\"", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(15)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_off_nothing_listens_and_records_are_still_taken()
    {
        var port = FeedHost.FreePort();
        await using var host = await FeedHost.StartAsync(("LocalFeed:Enabled", "false"), ("LocalFeed:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        host.Feed.Accept(FeedRecords.Precise[0]);

        Assert.Null(host.Service.Endpoint);
        Assert.Equal(1, host.Feed.Counters.RecordsAccepted);
        using var tcp = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => tcp.ConnectAsync(IPAddress.Loopback, port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task A_taken_port_leaves_the_unit_running_without_the_feed()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        await using var host = await FeedHost.StartAsync(("LocalFeed:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Null(host.Service.Endpoint);
        await host.Service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(15)); // ends without an exception: nothing to serve
    }

    [Fact]
    public void The_registration_resolves_one_feed_and_one_listener()
    {
        using var host = FeedHost.Build();

        Assert.Same(host.Services.GetRequiredService<LocalGpsdFeed>(), host.Services.GetRequiredService<LocalGpsdFeed>());
        Assert.Same(host.Services.GetRequiredService<LocalFeedService>(), Assert.Single(host.Services.GetServices<IHostedService>().OfType<LocalFeedService>()));
    }
}
