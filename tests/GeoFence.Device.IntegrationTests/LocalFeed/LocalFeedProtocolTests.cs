using System.Text;
using GeoFence.Device.LocalFeed;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>The gpsd protocol over a real loopback socket, spoken by a raw TCP client.</summary>
public sealed class LocalFeedProtocolTests
{
    [Fact]
    public async Task On_connect_the_client_gets_VERSION_with_protocol_3_14()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await GpsdClient.ConnectAsync(host.Port);

        var version = await client.ReadAsync();

        Assert.Equal("VERSION", version.Class());
        Assert.Equal(3, version.GetProperty("proto_major").GetInt32());
        Assert.Equal(14, version.GetProperty("proto_minor").GetInt32());
        Assert.StartsWith("geofence-device ", version.GetProperty("release").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(version.GetProperty("rev").GetString()));
        Assert.Equal(1, host.Feed.Counters.ClientsAccepted);
    }

    [Fact]
    public async Task VERSION_and_DEVICES_are_answered_on_request()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();

        Assert.Equal("VERSION", (await client.AskAsync("?VERSION;\n")).Class());
        var devices = await client.AskAsync("?DEVICES;");

        Assert.Equal("DEVICES", devices.Class());
        var device = Assert.Single(devices.GetProperty("devices").EnumerateArray().ToList());
        Assert.Equal("DEVICE", device.Class());
        Assert.Equal(GpsdJson.DevicePath, device.GetProperty("path").GetString());
    }

    [Fact]
    public async Task WATCH_replies_DEVICES_then_WATCH_then_one_TPV_per_record_equal_to_the_CompliantFix()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();
        var records = FeedRecords.Precise.Take(5).ToList();

        await client.SendAsync("?WATCH={\"enable\":true,\"json\":true};\n");
        Assert.Equal("DEVICES", (await client.ReadAsync()).Class());
        var watch = await client.ReadAsync();
        Assert.Equal("WATCH", watch.Class());
        Assert.True(watch.GetProperty("enable").GetBoolean());
        Assert.True(watch.GetProperty("json").GetBoolean());
        Assert.False(watch.GetProperty("nmea").GetBoolean());
        Assert.Equal(0, watch.GetProperty("raw").GetInt32());
        foreach (var record in records)
        {
            host.Feed.Accept(record);
        }

        foreach (var record in records)
        {
            var tpv = await client.ReadAsync();
            TpvAssert.Matches(record, tpv);
            Assert.Equal(3, tpv.GetProperty("mode").GetInt32());
            Assert.Equal(["class", "device", "mode", "time", "lat", "lon", "altHAE", "eph", "datum"], tpv.Names());
        }

        Assert.Equal("VERSION", (await client.AskAsync("?VERSION;")).Class()); // the writer has counted every TPV
        Assert.Equal((5L, 5L, 0L), (host.Feed.Counters.RecordsAccepted, host.Feed.Counters.RecordsSent, host.Feed.Counters.RecordsDropped));
    }

    [Fact]
    public async Task WATCH_enable_false_stops_the_TPVs_and_a_watch_query_reports_the_state()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();
        await client.SendAsync("?WATCH={\"enable\":true}\n"); // json defaults to on; a line end ends a command too
        Assert.Equal("DEVICES", (await client.ReadAsync()).Class());
        Assert.True((await client.ReadAsync()).GetProperty("json").GetBoolean());
        host.Feed.Accept(FeedRecords.Precise[0]);
        TpvAssert.Matches(FeedRecords.Precise[0], await client.ReadAsync());

        var off = await client.AskAsync("?WATCH={\"enable\":false};");
        host.Feed.Accept(FeedRecords.Precise[1]);
        var query = await client.AskAsync("?WATCH;");

        Assert.Equal(("WATCH", false), (off.Class(), off.GetProperty("enable").GetBoolean()));
        Assert.Equal(("WATCH", false), (query.Class(), query.GetProperty("enable").GetBoolean()));
        Assert.Equal(1, host.Feed.Counters.RecordsSent);
    }

    [Fact]
    public async Task WATCH_with_json_off_sends_no_TPV()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();
        await client.SendAsync("?WATCH={\"enable\":true,\"json\":false};");
        Assert.Equal("DEVICES", (await client.ReadAsync()).Class());
        Assert.False((await client.ReadAsync()).GetProperty("json").GetBoolean());

        host.Feed.Accept(FeedRecords.Precise[0]);

        Assert.Equal("VERSION", (await client.AskAsync("?VERSION;")).Class());
        Assert.Equal(0, host.Feed.Counters.RecordsSent);
    }

    [Fact]
    public async Task POLL_returns_the_latest_TPV_and_the_request_time()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();

        var empty = await client.AskAsync("?POLL;");
        host.Feed.Accept(FeedRecords.Precise[7]);
        host.Feed.Accept(FeedRecords.Precise[8]);
        var poll = await client.AskAsync("?POLL;");

        Assert.Equal(("POLL", 0, 0), (empty.Class(), empty.GetProperty("active").GetInt32(), empty.GetProperty("tpv").GetArrayLength()));
        Assert.Equal("POLL", poll.Class());
        Assert.Equal(1, poll.GetProperty("active").GetInt32());
        Assert.Equal("2026-06-01T09:00:00.000Z", poll.GetProperty("time").GetString());
        Assert.False(poll.TryGetProperty("sky", out _));
        TpvAssert.Matches(FeedRecords.Precise[8], Assert.Single(poll.GetProperty("tpv").EnumerateArray().ToList()));
    }

    [Theory]
    [InlineData("hello\n", "Unrecognized request")]
    [InlineData("?FOO;", "Unrecognized request '?FOO'")]
    [InlineData("?;", "Unrecognized request")]
    [InlineData("?VERSION=1;", "?VERSION takes no arguments")]
    [InlineData("?POLL={};", "?POLL takes no arguments")]
    [InlineData("?DEVICE={\"path\":\"/dev/ttyS0\",\"bps\":9600};", "?DEVICE is not supported")]
    [InlineData("?WATCH={\"enable\":true;", "Invalid WATCH: not a JSON object")]
    [InlineData("?WATCH={enable:true};", "Invalid WATCH: not a JSON object")]
    [InlineData("?WATCH=[true];", "Invalid WATCH: not a JSON object")]
    [InlineData("?WATCH={\"enable\":true} x;", "Invalid WATCH: not a JSON object")]
    [InlineData("?WATCH={\"enable\":{\"a\":1}};", "Invalid WATCH: not a JSON object")]
    [InlineData("?WATCH={\"enable\":\"yes\"};", "Invalid WATCH: 'enable' must be true or false")]
    [InlineData("?WATCH={\"raw\":\"2\"};", "Invalid WATCH: 'raw' must be an integer")]
    [InlineData("?WATCH={\"device\":7};", "Invalid WATCH: 'device' must be a string")]
    [InlineData("?WATCH={\"bogus\":1};", "Invalid WATCH: unknown attribute 'bogus'")]
    [InlineData("?WATCH={\"a b <script>\":1};", "Invalid WATCH: unknown attribute")]
    [InlineData("?WATCH:1;", "Invalid WATCH: expected ?WATCH={...};")]
    public async Task Garbage_gets_a_gpsd_ERROR_object_and_the_connection_stays(string command, string message)
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();

        var error = await client.AskAsync(command);

        Assert.StartsWith(message, error.Message(), StringComparison.Ordinal);
        if (!message.EndsWith('\'') && message.StartsWith("Invalid WATCH: unknown", StringComparison.Ordinal))
        {
            Assert.DoesNotContain("script", error.Message(), StringComparison.Ordinal); // client bytes are not echoed
        }

        Assert.Equal("VERSION", (await client.AskAsync("?VERSION;")).Class());
        Assert.Equal(1, host.Feed.Counters.CommandErrors);
    }

    [Fact]
    public async Task Binary_garbage_gets_an_ERROR_and_the_connection_stays()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();

        await client.SendAsync([0xFF, 0x00, 0xB5, 0x62, 0x01, 0x07, 0xC3, (byte)'\n']);
        var error = await client.ReadAsync();

        Assert.StartsWith("Unrecognized request", error.Message(), StringComparison.Ordinal);
        Assert.Equal("VERSION", (await client.AskAsync("?VERSION;")).Class());
    }

    [Theory]
    [InlineData("{\"enable\":true,\"json\":true,\"nmea\":true}")]
    [InlineData("{\"enable\":true,\"raw\":1}")]
    [InlineData("{\"enable\":true,\"raw\":2}")]
    [InlineData("{\"enable\":true,\"scaled\":true}")]
    public async Task Raw_watch_modes_are_refused_with_an_ERROR_and_nothing_streams(string watch)
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();

        var error = await client.AskAsync($"?WATCH={watch};");
        host.Feed.Accept(FeedRecords.Precise[0]);

        Assert.Equal(GpsdRequestParser.RawModesRefused, error.Message());
        Assert.Equal("VERSION", (await client.AskAsync("?VERSION;")).Class()); // no TPV, no NMEA in between
        Assert.Equal(0, host.Feed.Counters.RecordsSent);
    }

    [Fact]
    public async Task Several_commands_in_one_write_and_a_semicolon_inside_a_JSON_string_are_framed_right()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();

        await client.SendAsync("  ?VERSION;?DEVICES;\r\n?WATCH={\"device\":\"/dev/a;b\",\"enable\":true,\"pps\":false};");

        var classes = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            classes.Add((await client.ReadAsync()).Class());
        }

        Assert.Equal(["VERSION", "DEVICES", "DEVICES", "WATCH"], classes);
        Assert.Equal(0, host.Feed.Counters.CommandErrors);
    }

    [Fact]
    public async Task An_overlong_command_gets_an_ERROR_and_the_connection_is_closed()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();

        // One byte over the limit and no terminator: the feed reads all of it, so the close is a clean end of stream.
        var prefix = "?WATCH={\"device\":\"";
        await client.SendAsync(prefix + new string('a', FeedSession.MaxCommandLength + 1 - prefix.Length));

        Assert.StartsWith("Request too long", (await client.ReadAsync()).Message(), StringComparison.Ordinal);
        Assert.Null(await client.ReadLineAsync());
        Assert.Equal(1, host.Feed.Counters.OverlongCommands);
    }

    [Fact]
    public async Task A_command_of_exactly_the_limit_is_accepted()
    {
        await using var host = await FeedHost.StartAsync();
        using var client = await host.ConnectAsync();
        var prefix = "?WATCH={\"device\":\"";
        var suffix = "\"}";
        var command = prefix + new string('a', FeedSession.MaxCommandLength - prefix.Length - suffix.Length) + suffix;
        Assert.Equal(FeedSession.MaxCommandLength, Encoding.UTF8.GetByteCount(command));

        await client.SendAsync(command + ";");

        Assert.Equal("DEVICES", (await client.ReadAsync()).Class());
        Assert.Equal("WATCH", (await client.ReadAsync()).Class());
    }

    [Fact]
    public async Task Beyond_MaxClients_a_connection_gets_an_ERROR_and_is_closed_while_the_others_are_served()
    {
        await using var host = await FeedHost.StartAsync(("LocalFeed:MaxClients", "2"));
        using var first = await host.ConnectAsync();
        using var second = await host.ConnectAsync();

        using var third = await GpsdClient.ConnectAsync(host.Port);
        var refused = await third.ReadAsync();

        Assert.StartsWith("Too many clients", refused.Message(), StringComparison.Ordinal);
        Assert.Null(await third.ReadLineAsync());
        Assert.Equal("VERSION", (await first.AskAsync("?VERSION;")).Class());
        Assert.Equal("VERSION", (await second.AskAsync("?VERSION;")).Class());
        Assert.Equal((2L, 2L, 1L), (host.Feed.Counters.Clients, host.Feed.Counters.ClientsAccepted, host.Feed.Counters.ClientsRefused));
    }

    [Fact]
    public async Task A_client_that_leaves_frees_its_place_for_the_next()
    {
        await using var host = await FeedHost.StartAsync(("LocalFeed:MaxClients", "1"));
        var empty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (var first = await host.ConnectAsync())
        {
            await first.SendAsync("?WATCH={\"enable\":true};");
            Assert.Equal("DEVICES", (await first.ReadAsync()).Class());
            Assert.Equal("WATCH", (await first.ReadAsync()).Class());
            host.Feed.ClientsChanged += count =>
            {
                if (count == 0)
                {
                    empty.TrySetResult();
                }
            };
        }

        await empty.Task.WaitAsync(TimeSpan.FromSeconds(15));
        host.Feed.Accept(FeedRecords.Precise[0]); // nobody watches: nothing is sent or dropped
        using var second = await host.ConnectAsync();

        Assert.Equal("VERSION", (await second.AskAsync("?VERSION;")).Class());
        Assert.Equal((1L, 2L, 0L), (host.Feed.Counters.Clients, host.Feed.Counters.ClientsAccepted, host.Feed.Counters.ClientsRefused));
        Assert.Equal((0L, 0L), (host.Feed.Counters.RecordsSent, host.Feed.Counters.RecordsDropped));
    }

    [Fact]
    public async Task Stopping_the_host_closes_every_client()
    {
        var host = await FeedHost.StartAsync();
        using var watcher = await host.ConnectAsync();
        using var idle = await host.ConnectAsync();

        await host.DisposeAsync();

        Assert.Null(await watcher.ReadLineAsync());
        Assert.Null(await idle.ReadLineAsync());
        Assert.Equal(0, host.Feed.ClientCount);
    }

    [Fact]
    public async Task Idle_clients_stay_connected_while_others_watch()
    {
        await using var host = await FeedHost.StartAsync();
        using var idle = await host.ConnectAsync();
        using var watcher = await host.ConnectAsync();
        await watcher.SendAsync("?WATCH={\"enable\":true};");
        await watcher.ReadAsync();
        await watcher.ReadAsync();

        foreach (var record in FeedRecords.Precise.Take(50))
        {
            host.Feed.Accept(record);
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("TPV", (await watcher.ReadAsync()).Class());
        }

        Assert.Equal("POLL", (await idle.AskAsync("?POLL;")).Class());
        Assert.Equal("VERSION", (await watcher.AskAsync("?VERSION;")).Class());
        Assert.Equal((50L, 0L), (host.Feed.Counters.RecordsSent, host.Feed.Counters.RecordsDropped));
    }

    [Fact]
    public async Task A_slow_client_loses_its_oldest_records_counted_and_the_pipeline_thread_never_waits()
    {
        await using var host = await FeedHost.StartAsync(("LocalFeed:QueueCapacity", "8"));
        using var slow = await GpsdClient.ConnectAsync(host.Port, receiveBufferSize: 4096);
        Assert.Equal("VERSION", (await slow.ReadAsync()).Class());
        await slow.SendAsync("?WATCH={\"enable\":true,\"json\":true};");
        Assert.Equal("DEVICES", (await slow.ReadAsync()).Class());
        Assert.Equal("WATCH", (await slow.ReadAsync()).Class());
        var records = FeedRecords.Precise;

        // The client reads nothing while 3000 records (≈ 600 KB of TPV) are accepted: Accept must return regardless.
        await Task.Run(() =>
        {
            foreach (var record in records)
            {
                host.Feed.Accept(record);
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));
        var dropped = host.Feed.Counters.RecordsDropped;

        var byTime = records.ToDictionary(TpvAssert.TimeText);
        var received = new List<string>();
        while (true)
        {
            var tpv = await slow.ReadAsync();
            var time = tpv.GetProperty("time").GetString()!;
            received.Add(time);
            TpvAssert.Matches(byTime[time], tpv);
            if (byTime[time] == records[^1])
            {
                break; // the newest record is kept
            }
        }

        Assert.True(dropped > 0, "a client that does not read must lose records");
        Assert.Equal(records.Count, received.Count + dropped); // every record was either delivered or counted as dropped
        Assert.Equal(received.Order(StringComparer.Ordinal), received); // in order, oldest dropped first
    }

    [Fact]
    public async Task Accept_without_clients_only_keeps_the_latest_record()
    {
        await using var host = await FeedHost.StartAsync();
        host.Feed.Accept(FeedRecords.Precise[0]);
        host.Feed.Accept(FeedRecords.Precise[1]);
        using var client = await host.ConnectAsync();

        var poll = await client.AskAsync("?POLL;");

        TpvAssert.Matches(FeedRecords.Precise[1], Assert.Single(poll.GetProperty("tpv").EnumerateArray().ToList()));
        Assert.Equal((2L, 0L, 0L), (host.Feed.Counters.RecordsAccepted, host.Feed.Counters.RecordsSent, host.Feed.Counters.RecordsDropped));
    }
}
