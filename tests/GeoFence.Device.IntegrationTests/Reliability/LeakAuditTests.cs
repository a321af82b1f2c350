using System.Globalization;
using System.Text;
using GeoFence.Device.IntegrationTests.Hosting;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Forwarding.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>
/// Issue #9 §3: the real agent, block and redact zones across re-pathed real captures (u-blox NMEA, Quectel NMEA, u-blox
/// UBX), every byte that leaves or persists captured per channel and scanned; 0 findings required, and a finding planted
/// in each channel must be found.
/// </summary>
public sealed class LeakAuditTests(ITestOutputHelper output) : IDisposable
{
    private const double CentreLat = 38.1105;
    private const double CentreLon = -122.6269;
    private const double UbxLat = 47.1290927; // where binary/ublox-zed-f9p-rtk.log was recorded (its .chk TPV)
    private const double UbxLon = 15.2120432;
    private const double ApproachMinMetres = 200;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(120);
    private readonly UnitWorkspace unit = new();

    public void Dispose() => unit.Dispose();

    /// <summary>The zones of the audit policy: (id, name, action, lat, lon, radius, buffer, redact grid).</summary>
    private static readonly (string Id, string Name, string Action, double Lat, double Lon, double Radius, double Buffer, double Grid)[] Zones =
    [
        ("leak-blk-alpha", "Quarry Depot Alpha", "block", CentreLat, CentreLon, 100, 50, 0),
        ("leak-rdc-bravo", "Relay Site Bravo", "redact", Along(1100).Lat, Along(1100).Lon, 250, 0, 500), // cell centres stay > 350 m from alpha
        ("leak-blk-charlie", "Hangar Charlie", "block", UbxLat, UbxLon, 100, 50, 0),
    ];

    [Fact]
    public async Task Every_output_of_the_real_agent_is_free_of_forbidden_positions_zone_data_and_side_channels()
    {
        using var broker = new MosquittoBroker(unit.File("mosquitto"));
        var policy = PolicyJson(broker.Port);
        unit.DropBundle(policy);
        var bundle = unit.WriteBundle(policy, "audit.bundle");
        var scanner = Scanner();
        var channels = new List<(string Name, byte[] Bytes, LeakScanner.Rules Rules)>();
        var quectel = Repathed("quectel-l76k-nmea.log", 300); // five passes there and back
        var ublox = Repathed("ublox-neo-m9n-nmea.log", 61); // one pass, replayed in real time (1 min)
        var ubx = Path.Combine(Corpus.Directory, "binary", "ublox-zed-f9p-rtk.log");

        // Run A: broker down, so every record stays in the outbox; then the outbox is read before anything is acknowledged.
        broker.Stop();
        using (var agent = new LeakAgent(unit, 0, $"Receiver:Source=file:{quectel}", "Receiver:DrainTimeout=00:00:01"))
        {
            Assert.Equal(0, await agent.ExitAsync(Guard));
            channels.Add(("console run A (Quectel NMEA, broker down)", agent.ConsoleOutput, new()));
        }

        channels.Add(($"outbox files after run A (raw, {Files(unit.Data, "outbox.db")})", LeakFiles.Raw(unit.Data, "outbox.db", out _), new()));
        var inflated = LeakFiles.InflatedChunks(unit.Outbox, unit.File("outbox-copy-a"));
        channels.Add(("outbox chunks inflated after run A", inflated, new()));
        var records = LeakFiles.Records(unit.Outbox, out var stored);
        Assert.True(stored > 30, $"only {stored} records stored with the broker down");
        channels.Add(("outbox records (ReadAfter) after run A", records, new()));

        // Run B: broker up, subscriber on '#', local feed watched; Quectel drive replayed in real time.
        broker.Start();
        await using var consumer = await RecordConsumer.ConnectAsync(broker.Port, tls: false, "#");
        using var feed = new MemoryStream();
        var port = LeakFiles.FreePort();
        using (var agent = new LeakAgent(unit, port, $"Receiver:Source=file:{ublox}", "Receiver:Realtime=true"))
        {
            await agent.FeedListening.WaitAsync(Guard);
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port).WaitAsync(Guard);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("?WATCH={\"enable\":true,\"json\":true};\n"));
            var reading = stream.CopyToAsync(feed); // raw bytes until the agent closes the connection
            Assert.Equal(0, await agent.ExitAsync(Guard));
            await reading.WaitAsync(Guard);
            channels.Add(("console run B (u-blox NMEA in real time, broker up, feed on)", agent.ConsoleOutput, new()));

        }

        var feedText = Encoding.UTF8.GetString(feed.ToArray());
        var tpv = feedText.Split('\n').Count(l => l.Contains("\"TPV\"", StringComparison.Ordinal));
        Assert.True(tpv > 10, $"the feed client saw {tpv} TPV objects in {feed.Length} bytes; classes: {string.Join(',', feedText.Split('\n').Select(l => l.Length > 20 ? l[..20] : l).Distinct())}");
        channels.Add(("local gpsd feed stream (raw TCP, ?WATCH)", feed.ToArray(), new()));

        // Run C: the UBX capture where it was recorded (inside a block zone); killed with SIGKILL so the broker sends the will.
        var statusBefore = consumer.Messages.Count(m => m.Topic.EndsWith("/status", StringComparison.Ordinal));
        using (var agent = new LeakAgent(unit, 0, $"Receiver:Source=file:{ubx}", "Receiver:StopAtEnd=false"))
        {
            // The pipeline's end-of-input flush: every fix of the file was decided and audited (the reader's own "end of
            // stream" comes earlier, while fixes still wait in the hand-over: under load the kill beat them to the audit).
            await agent.When("none sent early").WaitAsync(Guard);
            await consumer.WhenAsync(c => c.Messages.Count(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)) > statusBefore, Guard);
            agent.Process.Kill(entireProcessTree: true); // SIGKILL: the broker publishes the will
            await agent.Process.WaitForExitAsync().WaitAsync(Guard);
            await consumer.WhenAsync(c => c.Messages.Skip(statusBefore).Any(m => Encoding.UTF8.GetString(m.Payload).Contains("offline", StringComparison.Ordinal)), Guard);
            agent.Process.WaitForExit();
            channels.Add(("console run C (u-blox UBX, kill -9)", agent.ConsoleOutput, new()));
        }

        await using (var late = await RecordConsumer.ConnectAsync(broker.Port, tls: false, "#"))
        {
            await late.WhenAsync(c => c.Messages.Any(m => m.Retain), Guard);
            channels.Add(("broker retained messages", Messages(late.Messages), new()));
        }

        Assert.Contains(consumer.Messages, m => m.Topic.EndsWith("/fix", StringComparison.Ordinal));
        channels.Add(("broker messages on # (fix, status, will)", Messages(consumer.Messages), new()));
        channels.Add(($"outbox files after all runs (raw, {Files(unit.Data, "outbox.db")})", LeakFiles.Raw(unit.Data, "outbox.db", out _), new()));
        var audit = LeakFiles.Raw(unit.Data, "audit", out _);
        Assert.Contains("\"time\":\"2022-10-11T", Encoding.UTF8.GetString(audit), StringComparison.Ordinal); // the UBX fixes (recorded that day) reached the sanitiser
        channels.Add(("audit log", audit, new())); // zone ids are HMACed in the audit: not even they appear

        // simulate: the shareable output, and the --show-zones one (may show zones: scanned for raw data and side channels).
        var simulate = await DeviceProcess.RunAsync("simulate", "--input", quectel, "--bundle", bundle, "--trust", unit.Trust, "--out", unit.File("sim"),
            "--min-date", "2000-01-01", "--device-key", unit.DeviceKey);
        Assert.True(simulate.ExitCode == 0, simulate.StandardError);
        channels.Add(("simulate files (forwarded.jsonl, audit.jsonl, summary.json)", SimulateFiles(unit.File("sim"), out var html), new()));
        channels.Add(("simulate report.html", html, new()));
        channels.Add(("simulate console", Encoding.UTF8.GetBytes(simulate.StandardOutput + simulate.StandardError), new()));
        var key = unit.File("authority.key.pem");
        File.WriteAllText(key, unit.Authority.PrivateKeyPem());
        var shown = await DeviceProcess.RunAsync("simulate", "--input", quectel, "--bundle", bundle, "--trust", unit.Trust, "--out", unit.File("sim-zones"),
            "--min-date", "2000-01-01", "--device-key", unit.DeviceKey, "--show-zones", "--signing-key", key);
        Assert.True(shown.ExitCode == 0, shown.StandardError);
        channels.Add(("simulate --show-zones files (not shareable)", SimulateFiles(unit.File("sim-zones"), out var zonesHtml), new(ZoneIdsAllowed: true)));
        channels.Add(("simulate --show-zones report.html (not shareable: zones allowed)", zonesHtml, new(ZoneIdsAllowed: true, CoordinatesChecked: false, ZoneNamesAllowed: true)));

        var findings = channels.SelectMany(c => scanner.Scan(c.Name, c.Bytes, c.Rules)).ToList();
        foreach (var (name, bytes, _) in channels)
        {
            output.WriteLine($"{bytes.Length,10:N0} bytes  {findings.Count(f => f.Channel == name)} findings  {name}");
        }

        output.WriteLine($"total {channels.Sum(c => c.Bytes.Length):N0} bytes in {channels.Count} channels, {stored} records stored in run A; findings {findings.Count}");
        Assert.True(findings.Count == 0, string.Join('\n', findings.Take(20).Select(f => $"{f.Channel}: {f.Rule} {(f.Rule == "forbidden-coordinate" ? string.Empty : f.Excerpt)}")));

        // The audit can fail: a forbidden position, a zone id and a raw sentence planted into each channel are all found.
        var planted = "{\"lat\":" + Along(-100).Lat.ToString("F6", CultureInfo.InvariantCulture) + ",\"lon\":" + Along(-100).Lon.ToString("F6", CultureInfo.InvariantCulture)
            + "} leak-blk-alpha $GPGSV,3,1,11,03,03,111,00*74";
        foreach (var (name, bytes, rules) in channels)
        {
            var rulesHit = scanner.Scan(name, [.. bytes, .. Encoding.ASCII.GetBytes(planted)], rules with { ZoneIdsAllowed = false, CoordinatesChecked = true })
                .Select(f => f.Rule).ToHashSet();
            Assert.Superset(new HashSet<string> { "forbidden-coordinate", "zone-id", "raw-sentence" }, rulesHit);
        }
    }

    private static LeakScanner Scanner() => new(
        [.. Zones.Select(z => new ForbiddenArea(z.Id, z.Lat, z.Lon, z.Radius + z.Buffer + (z.Action == "block" ? ApproachMinMetres : 0), z.Action == "redact", z.Grid))],
        [.. Zones.Select(z => z.Name)]);

    private static string PolicyJson(int brokerPort)
    {
        var json = TestPolicies.Json(
            zones: [.. Zones.Select(z => new TestPolicies.Circle(z.Id, z.Action, z.Lat, z.Lon, z.Radius, z.Buffer, z.Grid))],
            delaySeconds: 10, approachMin: ApproachMinMetres, approachMax: 400, clearanceMin: ApproachMinMetres, clearanceMax: 400, brokerPort: brokerPort)
            .Replace("\"minSuppressed_s\":60", "\"minSuppressed_s\":5", StringComparison.Ordinal); // 50 m/s: 10 s of delay line = 500 m > approachMax
        foreach (var z in Zones)
        {
            json = json.Replace($"\"id\":\"{z.Id}\"", $"\"id\":\"{z.Id}\",\"name\":\"{z.Name}\"", StringComparison.Ordinal);
        }

        return json;
    }

    private static string Files(string directory, string prefix) =>
        string.Join(' ', Directory.GetFiles(directory, prefix + "*").Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length}"));

    private static byte[] Messages(IEnumerable<(string Topic, byte[] Payload, bool Retain)> messages) =>
        [.. messages.SelectMany(m => Encoding.UTF8.GetBytes(m.Topic + " ").Concat(m.Payload).Append((byte)'\n'))];

    private static byte[] SimulateFiles(string directory, out byte[] report)
    {
        report = File.ReadAllBytes(Path.Combine(directory, "report.html"));
        return [.. Directory.GetFiles(directory).Where(f => !f.EndsWith("report.html", StringComparison.Ordinal)).SelectMany(File.ReadAllBytes)];
    }

    /// <summary>A point <paramref name="metres"/> along the drive's line (bearing 60° through the block zone's centre).</summary>
    private static (double Lat, double Lon) Along(double metres) =>
        Earth.Offset(CentreLat, CentreLon, metres * Math.Cos(Math.PI / 3), metres * Math.Sin(Math.PI / 3));

    /// <summary>The capture moved along the line at 50 m/s, 1 Hz, from -1500 m to +1500 m and back (passes through both zones).</summary>
    private string Repathed(string name, int points)
    {
        var (header, epochs) = CaptureRepather.Split(File.ReadAllLines(Corpus.PathOf(name)));
        var start = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var path = Enumerable.Range(0, points).Select(i =>
        {
            var leg = i % 120; // 60 steps of 50 m out, 60 back
            var outward = leg < 60;
            var (lat, lon) = Along(-1500 + (50 * (outward ? leg : 120 - leg)));
            return new PathPoint(start + TimeSpan.FromSeconds(i), lat, lon, 50, outward ? 60 : 240);
        }).ToArray();
        var file = unit.File($"{Path.GetFileNameWithoutExtension(name)}-{points}.log");
        File.WriteAllBytes(file, CaptureRepather.Repath(header, epochs, path));
        return file;
    }
}
