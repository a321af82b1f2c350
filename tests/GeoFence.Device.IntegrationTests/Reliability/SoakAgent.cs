using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>
/// The agent under soak: <c>geofence-device run</c> as a child process, restartable, killed with SIGKILL, its RSS
/// (/proc/PID/status VmRSS) sampled once a second with the process's age. Keeps the last lines of its error output.
/// </summary>
public sealed class SoakAgent : IAsyncDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    private readonly string[] _arguments;
    private readonly Stopwatch _clock;
    private readonly ConcurrentQueue<string> _errors = new();
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

    public void Start()
    {
        var process = DeviceProcess.Start(["run", .. _arguments]);
        process.OutputDataReceived += (_, _) => { };
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
