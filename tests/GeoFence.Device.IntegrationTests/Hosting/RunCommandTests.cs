using System.Text.Json;
using GeoFence.Device.Hosting;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Forwarding.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GeoFence.Device.IntegrationTests.Hosting;

public sealed class RunCommandTests : IDisposable
{
    private const double CentreLat = 38.1105;
    private const double CentreLon = -122.6269;
    private readonly UnitWorkspace unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task Missing_and_invalid_settings_are_each_reported_with_the_key_and_an_example_and_exit_2()
    {
        var errors = new StringWriter();

        var exit = await UnitRunner.RunAsync(
            ["Unit:DataDirectory=relative/dir", "Receiver:Source=usb:/dev/x", "Receiver:Baud=fast", "Broker:TopicPrefix=a/#", "Outbox:CommitInterval=00:01:00"],
            unit.Config, null, errors, CancellationToken.None);

        var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(UnitRunner.ConfigurationError, exit);
        Assert.Contains(lines, l => l.Contains("Unit:Id is missing", StringComparison.Ordinal) && l.Contains("e.g.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Unit:DataDirectory 'relative/dir' must be an absolute path", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Receiver:Source", StringComparison.Ordinal) && l.Contains("serial:/dev/gnss0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Receiver:Baud 'fast'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Broker:TopicPrefix 'a/#'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Outbox:CommitInterval", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.StartsWith("geofence-device: configuration: ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Configuration_files_are_read_from_the_config_directory_and_arguments_override_them()
    {
        File.WriteAllText(Path.Combine(unit.Config, "10-unit.json"), """{"Unit":{"Id":"Not Valid"}}""");
        var errors = new StringWriter();

        var exit = await UnitRunner.RunAsync(["Receiver:Baud=fast"], unit.Config, null, errors, CancellationToken.None);
        Assert.Equal(UnitRunner.ConfigurationError, exit);
        Assert.Contains("Unit:Id 'Not Valid' is not valid", errors.ToString(), StringComparison.Ordinal);

        errors = new StringWriter();
        exit = await UnitRunner.RunAsync(["Unit:Id=unit-7", "Receiver:Baud=fast"], unit.Config, null, errors, CancellationToken.None);
        Assert.Equal(UnitRunner.ConfigurationError, exit);
        Assert.DoesNotContain("Unit:Id", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_device_key_stops_the_start_with_the_fix()
    {
        File.Delete(unit.DeviceKey);
        var capture = Repathed("ublox-neo-m9n-nmea.log", 20, TimeSpan.FromSeconds(1));
        var errors = new StringWriter();

        var exit = await UnitRunner.RunAsync(unit.Args($"Receiver:Source=file:{capture}"), unit.Config, null, errors, CancellationToken.None);

        Assert.Equal(UnitRunner.RuntimeError, exit);
        Assert.Contains("device key", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("provision", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_certificate_that_is_not_a_certificate_stops_the_start_with_the_keys_to_fix()
    {
        var certificate = unit.File("client.crt");
        var key = unit.File("client.key");
        File.WriteAllText(certificate, "not a certificate");
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n");
        var capture = Repathed("ublox-neo-m9n-nmea.log", 20, TimeSpan.FromSeconds(1));
        var errors = new StringWriter();

        var exit = await UnitRunner.RunAsync(
            unit.Args($"Receiver:Source=file:{capture}", $"Broker:ClientCertificateFile={certificate}", $"Broker:ClientKeyFile={key}"),
            unit.Config, null, errors, CancellationToken.None);

        Assert.Equal(UnitRunner.RuntimeError, exit);
        Assert.Contains("can't load the client certificate", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("Broker:ClientCertificateFile", errors.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("garbage", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_agent_on_the_same_data_directory_is_refused()
    {
        using var first = DataDirectoryLock.TryAcquire(unit.Data);
        Assert.NotNull(first);
        var capture = Repathed("ublox-neo-m9n-nmea.log", 20, TimeSpan.FromSeconds(1));
        var errors = new StringWriter();

        var exit = await UnitRunner.RunAsync(unit.Args($"Receiver:Source=file:{capture}"), unit.Config, null, errors, CancellationToken.None);

        Assert.Equal(UnitRunner.RuntimeError, exit);
        Assert.Contains("another agent is using", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_drive_is_published_to_mosquitto_exactly_as_simulate_writes_it()
    {
        using var broker = new MosquittoBroker(unit.File("mosquitto"));
        var json = TestPolicies.Json(
            zones: [new TestPolicies.Circle("redact-1", "redact", CentreLat, CentreLon, 200, 0, 500)],
            approachMin: 300, approachMax: 300, clearanceMin: 300, clearanceMax: 300, // equal bounds: the guard's draws are deterministic
            brokerPort: broker.Port);
        unit.DropBundle(json);
        var bundle = unit.WriteBundle(json, "same.bundle");
        var capture = Repathed("ublox-neo-m9n-nmea.log", 300, TimeSpan.FromSeconds(1));
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: false, "geofence/test-unit/fix");
        var errors = new StringWriter();

        var exit = await UnitRunner.RunAsync(
            unit.Args($"Receiver:Source=file:{capture}", "Receiver:MinimumPlausibleDate=2000-01-01T00:00:00Z"),
            unit.Config, null, errors, CancellationToken.None);

        Assert.True(exit == 0, errors.ToString());
        Assert.False(File.Exists(Path.Combine(unit.Incoming, "policy.bundle")), "the dropped bundle was not installed");
        var output = unit.File("sim");
        var simulate = await DeviceProcess.RunAsync("simulate", "--input", capture, "--bundle", bundle, "--trust", unit.Trust, "--out", output,
            "--min-date", "2000-01-01", "--device-key", unit.DeviceKey);
        Assert.True(simulate.ExitCode == 0, simulate.StandardError);
        var expected = File.ReadAllLines(Path.Combine(output, "forwarded.jsonl"));
        Assert.True(expected.Length > 100, $"only {expected.Length} records");
        Assert.Contains(expected, l => l.Contains("\"level\":\"redacted\"", StringComparison.Ordinal));

        try
        {
            await consumer.WhenAsync(c => c.Sequences.Count >= expected.Length, TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"the consumer received {consumer.Sequences.Count} records ({consumer.Sequences.Distinct().Count()} distinct) of the {expected.Length} simulate forwarded; the unit's log: {errors}");
        }

        var received = consumer.Messages.Where(m => m.Topic.EndsWith("/fix", StringComparison.Ordinal))
            .SelectMany(m => JsonDocument.Parse(m.Payload).RootElement.EnumerateArray().Select(e => e.GetRawText()))
            .DistinctBy(Sequence)
            .OrderBy(Sequence)
            .ToArray();
        var first = Sequence(received[0]); // the unit numbers on from its outbox (from the clock on a fresh one); simulate from 1
        Assert.Equal(Enumerable.Range(0, received.Length).Select(i => first + i), received.Select(Sequence));
        var published = received.Select(r => r.Replace($"\"seq\":{Sequence(r)},", $"\"seq\":{Sequence(r) - first + 1},", StringComparison.Ordinal)).ToArray();
        var firstDifference = Enumerable.Range(0, Math.Min(expected.Length, published.Length)).FirstOrDefault(i => expected[i] != published[i], -1);
        Assert.True(firstDifference < 0, firstDifference < 0 ? null : $"record {firstDifference}: simulate {expected[firstDifference]} vs published {published[firstDifference]}");
        Assert.Equal(expected.Length, published.Length);
    }

    [Fact]
    public async Task With_the_privacy_switch_on_nothing_is_stored_or_sent_and_the_status_says_privacy()
    {
        using var broker = new MosquittoBroker(unit.File("mosquitto"));
        unit.DropBundle(TestPolicies.Json(brokerPort: broker.Port));
        var capture = Repathed("ublox-neo-m9n-nmea.log", 120, TimeSpan.FromSeconds(1));
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: false, "geofence/#");
        var driver = new GeoFence.Device.IntegrationTests.Gpio.FakeGpioDriver();
        driver.Preset(17, System.Device.Gpio.PinValue.Low); // switch closed to GND: on
        GeoFence.Device.Hosting.UnitOutput? output = null;
        GeoFence.Forwarding.Outbox.DurableOutbox? outbox = null;
        GeoFence.Device.Status.UnitStatusBoard? board = null;
        var errors = new StringWriter();

        var exit = await UnitRunner.RunAsync(
            unit.Args($"Receiver:Source=file:{capture}", "Receiver:MinimumPlausibleDate=2000-01-01T00:00:00Z", "Gpio:PrivacySwitch:Pin=17", "Gpio:PrivacySwitch:OnWhenLow=true"),
            unit.Config,
            new UnitHostOverrides { GpioController = () => new System.Device.Gpio.GpioController(driver) },
            errors,
            CancellationToken.None,
            host =>
            {
                output = host.Services.GetRequiredService<GeoFence.Device.Hosting.UnitOutput>();
                outbox = host.Services.GetRequiredService<GeoFence.Forwarding.Outbox.DurableOutbox>();
                board = host.Services.GetRequiredService<GeoFence.Device.Status.UnitStatusBoard>();
                return Task.CompletedTask;
            });

        Assert.True(exit == 0, errors.ToString());
        Assert.True(output!.PrivacyDropped > 50, $"{output.PrivacyDropped} records dropped at the switch");
        Assert.Equal(0, output.Accepted);
        Assert.Equal(0, outbox!.Counters.Appended);
        Assert.True(board!.Current.PrivacySwitchOn);
        Assert.True(board.Current.FailClosed);
        Assert.Empty(consumer.Messages); // not even a status or a connection: the link stays down
        Assert.Equal(120, board.Current.Counters.Epochs);
    }

    private static long Sequence(string record) => JsonDocument.Parse(record).RootElement.GetProperty("seq").GetInt64();

    private string Repathed(string name, int points, TimeSpan step)
    {
        var (header, epochs) = CaptureRepather.Split(File.ReadAllLines(Corpus.PathOf(name)));
        var start = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var (startLat, startLon) = Earth.Offset(CentreLat, CentreLon, -1500 * Math.Cos(Math.PI / 3), -1500 * Math.Sin(Math.PI / 3));
        var path = Enumerable.Range(0, points).Select(i =>
        {
            var (lat, lon) = Earth.Offset(startLat, startLon, 10 * i * Math.Cos(Math.PI / 3), 10 * i * Math.Sin(Math.PI / 3));
            return new PathPoint(start + (step * i), lat, lon, 10, 60);
        }).ToArray();
        var file = unit.File($"drive-{points}.log");
        File.WriteAllBytes(file, CaptureRepather.Repath(header, epochs, path));
        return file;
    }
}
