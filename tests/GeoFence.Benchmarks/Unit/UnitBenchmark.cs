using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using GeoFence.Benchmarks.Forwarding;

namespace GeoFence.Benchmarks.Unit;

/// <summary>
/// The unit end to end: the real agent (`geofence-device run`) as a child process reading a socat pty at 115200 Bd, fed
/// at 20 Hz from a re-pathed real capture (u-blox NEO-M9N, gpsd test data), with a signed allow-all policy (guard delay
/// 30 s), publishing to Debian's mosquitto; a consumer in this process timestamps every record. Latency of a record =
/// consumer arrival − (write of its epoch's first byte + guard delay); the consumer receives the PUBLISH when the broker
/// handles it, the same moment it sends the agent its PUBACK. CPU = utime + stime of /proc/PID/stat, memory = VmRSS /
/// VmHWM of /proc/PID/status. Run: `dotnet run -c Release --project tests/GeoFence.Benchmarks -- unit [--minutes N]`.
/// </summary>
internal static class UnitBenchmark
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(TextWriter output, double minutes, string? agentExecutable, IReadOnlyDictionary<string, string> agentEnvironment)
    {
        using var unit = new BenchUnit();
        using var broker = new BenchBroker(Path.Combine(unit.Root, "mosquitto"));
        unit.DropPolicy(Delay, broker.Port);
        await using var consumer = await TimedConsumer.ConnectAsync(broker.Port, "geofence/bench-unit/fix");
        using var feed = new PtyFeed(Directory.CreateDirectory(Path.Combine(unit.Root, "pty")).FullName,
            Path.Combine(AppContext.BaseDirectory, "data", "gpsd", "ublox-neo-m9n-nmea.log"), Interval);
        var duration = TimeSpan.FromMinutes(minutes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"unit benchmark: {duration.TotalMinutes:0.#} min at {1 / Interval.TotalSeconds:0} Hz, guard delay {Delay.TotalSeconds:0} s, {Environment.ProcessorCount} cores, load {ProcessSampler.LoadAverage()}"));

        var log = new ConcurrentQueue<string>();
        var started = Stopwatch.GetTimestamp();
        output.WriteLine($"agent: {agentExecutable ?? "dotnet geofence-device.dll"}{string.Concat(agentEnvironment.Select(e => $" {e.Key}={e.Value}"))}");
        using var agent = StartAgent(unit.RunArguments(feed.ReaderPath), log, agentExecutable, agentEnvironment);
        using var stop = new CancellationTokenSource();
        var feeding = Task.Factory.StartNew(() => feed.Run(duration, stop.Token), TaskCreationOptions.LongRunning);
        using var peerStop = new CancellationTokenSource();
        var peer = PeerPublisher.RunAsync(broker.Port, Interval, peerStop.Token);

        long peakRss = 0;
        double? steadyCpu = null;
        long steadyAt = 0;
        ThreadActivity? steadyThreads = null;
        while (!feeding.IsCompleted)
        {
            await Task.WhenAny(feeding, Task.Delay(1000)); // one sample a second
            if (agent.HasExited)
            {
                await stop.CancelAsync();
                throw new InvalidOperationException($"the agent exited with {agent.ExitCode}: {string.Join(" | ", log)}");
            }

            peakRss = Math.Max(peakRss, ProcessSampler.StatusKilobytes(agent.Id, "VmRSS"));
            if (steadyCpu is null && consumer.Records.Count > 0 && Stopwatch.GetElapsedTime(started) > Delay + WarmUp)
            {
                (steadyCpu, steadyAt, steadyThreads) = (ProcessSampler.CpuSeconds(agent.Id), Stopwatch.GetTimestamp(), ThreadActivity.Take(agent.Id));
            }
        }

        await feeding;
        await peerStop.CancelAsync();
        await peer;
        var fedAt = Stopwatch.GetTimestamp();
        var cpuAtEnd = ProcessSampler.CpuSeconds(agent.Id);
        var threadsAtEnd = ThreadActivity.Take(agent.Id);
        var written = feed.Count;
        var drainBy = Stopwatch.GetTimestamp() + (long)((Delay + TimeSpan.FromSeconds(10)).TotalSeconds * Stopwatch.Frequency);
        while (consumer.Records.Count < written - 2 && Stopwatch.GetTimestamp() < drainBy)
        {
            await Task.Delay(500); // waits for the last records to mature and arrive (bounded)
            peakRss = Math.Max(peakRss, ProcessSampler.StatusKilobytes(agent.Id, "VmRSS"));
        }

        var rss = ProcessSampler.StatusKilobytes(agent.Id, "VmRSS");
        var hwm = ProcessSampler.StatusKilobytes(agent.Id, "VmHWM");
        var anon = ProcessSampler.StatusKilobytes(agent.Id, "RssAnon");
        var fileBacked = ProcessSampler.StatusKilobytes(agent.Id, "RssFile");
        var cpuTotal = ProcessSampler.CpuSeconds(agent.Id);
        var lifetime = Stopwatch.GetElapsedTime(started);
        var termAt = Stopwatch.GetTimestamp();
        using (var kill = Process.Start("kill", ["-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var shutdown = Stopwatch.GetElapsedTime(termAt);

        Report(output, new RunFigures(feed, consumer, started, written, steadyCpu, steadyAt, fedAt, cpuAtEnd, cpuTotal, lifetime, peakRss, rss, hwm, agent.ExitCode, shutdown, anon, fileBacked));
        if (steadyThreads is not null)
        {
            output.WriteLine("threads in the steady state (CPU % of one core, context switches per second):");
            foreach (var line in ThreadActivity.Compare(steadyThreads, threadsAtEnd, Stopwatch.GetElapsedTime(steadyAt, fedAt)))
            {
                output.WriteLine(line);
            }
        }

        output.WriteLine("agent log at stop: " + (log.LastOrDefault(l => l.Contains("outbox at stop", StringComparison.Ordinal)) ?? "(none)").Trim());
        output.WriteLine($"load at end {ProcessSampler.LoadAverage()}");
    }

    private static Process StartAgent(string[] arguments, ConcurrentQueue<string> log, string? executable, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(executable ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (executable is null)
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "geofence-device.dll"));
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var agent = Process.Start(info) ?? throw new InvalidOperationException("the agent did not start");
        void Keep(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is { } line)
            {
                log.Enqueue(line);
                while (log.Count > 200 && log.TryDequeue(out _))
                {
                }
            }
        }

        agent.OutputDataReceived += Keep;
        agent.ErrorDataReceived += Keep;
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        return agent;
    }

    private static void Report(TextWriter output, RunFigures f)
    {
        var latencies = new List<double>();
        var fromRelease = new List<double>();
        var delayTicks = (long)(Delay.TotalSeconds * Stopwatch.Frequency);
        long firstArrival = long.MaxValue;
        var warmUpEnd = f.Started + (long)(WarmUp.TotalSeconds * Stopwatch.Frequency);
        foreach (var (time, arrived) in f.Consumer.Records.Values)
        {
            firstArrival = Math.Min(firstArrival, arrived);
            var index = f.Feed.IndexOf(time);
            if (index < 0 || index >= f.Written || f.Feed.WrittenAt(index) < warmUpEnd)
            {
                continue;
            }

            latencies.Add(Stopwatch.GetElapsedTime(f.Feed.WrittenAt(index), arrived).TotalMilliseconds - Delay.TotalMilliseconds);
            var release = ReleasingEpoch(f.Feed, f.Written, f.Feed.WrittenAt(index) + delayTicks);
            if (release >= 0 && f.Feed.WrittenAt(release) <= arrived)
            {
                fromRelease.Add(Stopwatch.GetElapsedTime(f.Feed.WrittenAt(release), arrived).TotalMilliseconds);
            }
        }

        latencies.Sort();
        fromRelease.Sort();
        var peer = f.Consumer.PeerMilliseconds.Order().ToList();
        var steadyWall = f.SteadyCpu is null ? 0 : Stopwatch.GetElapsedTime(f.SteadyAt, f.FedAt).TotalSeconds;
        var steadyPercent = f.SteadyCpu is { } cpu && steadyWall > 0 ? 100 * (f.CpuAtEnd - cpu) / steadyWall : double.NaN;
        var startup = firstArrival == long.MaxValue ? double.NaN : Stopwatch.GetElapsedTime(f.Started, firstArrival).TotalMilliseconds - Delay.TotalMilliseconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            epochs written {f.Written}, records received {f.Consumer.Records.Count} (duplicates {f.Consumer.Duplicates}), measured after the {WarmUp.TotalSeconds:0} s warm-up {latencies.Count}
            latency beyond the guard delay, ms: min {At(latencies, 0):0.00}, p50 {At(latencies, 0.5):0.00}, p90 {At(latencies, 0.9):0.00}, p99 {At(latencies, 0.99):0.00}, max {At(latencies, 1):0.00} (target p99 <= 5)
            of which after the first byte of the epoch whose arrival releases it (the delay line is checked as each epoch arrives), ms: p50 {At(fromRelease, 0.5):0.00}, p90 {At(fromRelease, 0.9):0.00}, p99 {At(fromRelease, 0.99):0.00} ({fromRelease.Count} records)
            peer in the same run (QoS 1 publish from this process to the broker and back to the consumer, no agent), ms: p50 {At(peer, 0.5):0.00}, p90 {At(peer, 0.9):0.00}, p99 {At(peer, 0.99):0.00}, max {At(peer, 1):0.00} ({peer.Count} messages)
            start-up to the first forwarded fix, minus the delay: {startup:0} ms
            CPU: steady state {steadyPercent:0.00} % of one core over {steadyWall:0} s; whole life {100 * f.CpuTotal / f.Lifetime.TotalSeconds:0.00} % ({f.CpuTotal:0.00} s in {f.Lifetime.TotalSeconds:0} s, start-up included) (target <= 1 %)
            memory: VmRSS peak sampled {f.PeakRss / 1024.0:0.0} MB, at end {f.Rss / 1024.0:0.0} MB, VmHWM {f.Hwm / 1024.0:0.0} MB, at end RssAnon {f.Anon / 1024.0:0.0} MB + RssFile {f.FileBacked / 1024.0:0.0} MB (target RSS <= 50 MB)
            SIGTERM: exit code {f.ExitCode} after {f.Shutdown.TotalMilliseconds:0} ms
            """));
    }

    /// <summary>The first epoch written at or after <paramref name="timestamp"/>, -1 when none.</summary>
    private static int ReleasingEpoch(PtyFeed feed, int written, long timestamp)
    {
        var (low, high) = (0, written);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = feed.WrittenAt(middle) < timestamp ? (middle + 1, high) : (low, middle);
        }

        return low < written ? low : -1;
    }

    private static double At(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(quantile * (sorted.Count - 1)))];

    private sealed record RunFigures(
        PtyFeed Feed, TimedConsumer Consumer, long Started, int Written, double? SteadyCpu, long SteadyAt, long FedAt, double CpuAtEnd,
        double CpuTotal, TimeSpan Lifetime, long PeakRss, long Rss, long Hwm, int ExitCode, TimeSpan Shutdown, long Anon, long FileBacked);
}
