using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>
/// The agent under soak: <c>geofence-device run</c> as a child process, restartable, killed with SIGKILL, its RSS
/// (/proc/PID/status VmRSS) sampled once a second with the process's age. Keeps the last lines of its error output and
/// every warning/error message (and the stop and recovery lines) of its log, across restarts: counts and reasons, no coordinates.
/// </summary>
public sealed class SoakAgent : IAsyncDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    private readonly string[] _arguments;
    private readonly Stopwatch _clock;
    private const int MaxLogLines = 2000;
    private static readonly string[] Markers = ["outbox at stop", "recovered", "writable again"];
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentQueue<(TimeSpan At, TimeSpan Age, long RssKiB)> _samples = new();
    private Process? _process;
    private TimeSpan _startedAt;
    private CancellationTokenSource? _sampling;
    private Task _sampler = Task.CompletedTask;

    public SoakAgent(string[] arguments, Stopwatch clock)
    {
        _arguments = arguments;
        _clock = clock;
    }

    /// <summary>Starts so far (the first start included).</summary>
    public int Starts { get; private set; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The RSS samples: soak time, process age, VmRSS in KiB.</summary>
    public IReadOnlyList<(TimeSpan At, TimeSpan Age, long RssKiB)> Samples => [.. _samples];

    /// <summary>The last lines the agent wrote to standard error (for a failure message).</summary>
    public string RecentErrors => string.Join('\n', _errors);

    /// <summary>Warning, error and critical log messages of every run so far, plus its stop and recovery lines (the first 2 000).</summary>
    public IReadOnlyList<string> LogMessages => [.. _log];

    public void Start()
    {
        var process = DeviceProcess.Start(["run", .. _arguments]);
        var level = (string?)null;
        process.OutputDataReceived += (_, e) =>
        {
            // the console logger writes "warn: Category[id]" and then the message, indented, on the next line
            if (e.Data is not { } line)
            {
                return;
            }

            var notable = level is "warn" or "fail" or "crit" || (level is not null && Markers.Any(m => line.Contains(m, StringComparison.Ordinal)));
            if (notable && _log.Count < MaxLogLines)
            {
                _log.Enqueue(level + ": " + line.Trim());
            }

            level = line.Length > 5 && line[4] == ':' && line[..4] is "trce" or "dbug" or "info" or "warn" or "fail" or "crit" ? line[..4] : null;
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _errors.Enqueue(line);
                while (_errors.Count > 20 && _errors.TryDequeue(out string? _))
                {
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _startedAt = _clock.Elapsed;
        Starts++;
        _sampling = new CancellationTokenSource();
        _sampler = SampleAsync(process.Id, _sampling.Token);
    }

    /// <summary>SIGKILL: no flush, no shutdown.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        await _sampling!.CancelAsync();
        await _sampler;
        _sampling.Dispose();
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGTERM: the agent commits what waits, logs its outbox counters and exits; true when it exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        if (_process is not { } process)
        {
            return false;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task SampleAsync(int pid, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (ReadRssKiB(pid) is { } rss)
                {
                    _samples.Enqueue((_clock.Elapsed, _clock.Elapsed - _startedAt, rss));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private static long? ReadRssKiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null; // exited between ticks
        }
    }
}
