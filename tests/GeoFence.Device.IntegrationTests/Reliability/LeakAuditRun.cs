using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GeoFence.Device.IntegrationTests.Hosting;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Forwarding.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>One agent run as a child process at Trace: its stdout/stderr collected, optionally the local feed watched.</summary>
internal sealed class LeakAgent : IDisposable
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly TaskCompletionSource feedListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string Marker, TaskCompletionSource Signal)> markers = [];
    private readonly Process process;

    public LeakAgent(UnitWorkspace unit, int feedPort, params string[] settings)
    {
        process = DeviceProcess.Start(["run", "--config-dir", unit.Config, .. unit.Args(settings),
            "Receiver:MinimumPlausibleDate=2000-01-01T00:00:00Z", "Logging:LogLevel:Default=Trace", "Logging:LogLevel:Microsoft=Trace",
            feedPort > 0 ? "LocalFeed:Enabled=true" : "LocalFeed:Enabled=false", $"LocalFeed:Port={(feedPort > 0 ? feedPort : 2947)}"]);
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Task FeedListening => feedListening.Task;

    public Process Process => process;

    /// <summary>Everything the agent wrote to stdout and stderr, one line each.</summary>
    public byte[] ConsoleOutput => Encoding.UTF8.GetBytes(string.Join('\n', lines));

    /// <summary>Completes when a console line contains <paramref name="marker"/>.</summary>
    public Task When(string marker)
    {
        lock (markers)
        {
            if (lines.Any(l => l.Contains(marker, StringComparison.Ordinal)))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            markers.Add((marker, signal));
            return signal.Task;
        }
    }

    public async Task<int> ExitAsync(TimeSpan guard)
    {
        await process.WaitForExitAsync().WaitAsync(guard);
        process.WaitForExit(); // drains the redirected streams
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (markers)
        {
            lines.Enqueue(line);
            if (line.Contains("Local feed: gpsd protocol on", StringComparison.Ordinal))
            {
                feedListening.TrySetResult();
            }

            foreach (var m in markers.Where(m => line.Contains(m.Marker, StringComparison.Ordinal)).ToList())
            {
                m.Signal.TrySetResult();
                markers.Remove(m);
            }
        }
    }
}

/// <summary>Reading what the unit persisted: raw files, and the outbox chunks inflated.</summary>
internal static class LeakFiles
{
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Raw bytes of every file in <paramref name="directory"/> whose name starts with <paramref name="prefix"/>.</summary>
    public static byte[] Raw(string directory, string prefix, out int files)
    {
        var paths = Directory.GetFiles(directory, prefix + "*");
        files = paths.Length;
        return [.. paths.SelectMany(File.ReadAllBytes)];
    }

    /// <summary>Every chunk blob of the outbox inflated (the stored records in clear), read from a copy of the files.</summary>
    public static byte[] InflatedChunks(string outboxPath, string scratch)
    {
        Directory.CreateDirectory(scratch);
        var copy = Path.Combine(scratch, "outbox.db");
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(outboxPath)!, Path.GetFileName(outboxPath) + "*"))
        {
            File.Copy(file, Path.Combine(scratch, Path.GetFileName(file)), overwrite: true);
        }

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM chunks ORDER BY first";
        using var reader = command.ExecuteReader();
        using var all = new MemoryStream();
        while (reader.Read())
        {
            using var deflate = new DeflateStream(new MemoryStream((byte[])reader[0]), CompressionMode.Decompress);
            deflate.CopyTo(all);
            all.WriteByte((byte)'\n');
        }

        return all.ToArray();
    }

    /// <summary>The outbox records as the product reads them (payloads joined by newlines), and their count.</summary>
    public static byte[] Records(string outboxPath, out int count)
    {
        using var outbox = DurableOutbox.Open(new OutboxOptions { DatabasePath = outboxPath }, TimeProvider.System, NullLogger.Instance);
        var records = outbox.ReadAfter(0, 1_000_000);
        count = records.Count;
        return [.. records.SelectMany(r => r.Payload.ToArray().Append((byte)'\n'))];
    }
}
