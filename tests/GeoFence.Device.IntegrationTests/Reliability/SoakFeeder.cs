using System.Text;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>
/// The receiver end of the soak: writes one re-pathed real epoch into the pty every 50 ms (paced by a
/// <see cref="PeriodicTimer"/> on the given <see cref="TimeProvider"/>), injects garbage bursts between epochs, and
/// unplugs / replugs the pty (socat killed and restarted on the same link paths) on request.
/// </summary>
public sealed class SoakFeeder : IAsyncDisposable
{
    public static readonly TimeSpan EpochStep = TimeSpan.FromMilliseconds(50);
    private readonly SocatPty _pty;
    private readonly IReadOnlyList<IReadOnlyList<string>> _epochs;
    private readonly DateTimeOffset _start;
    private readonly double _startLat;
    private readonly double _startLon;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<byte[]> _injections = new();
    private readonly List<(TimeSpan At, DateTimeOffset FixTime)> _written = [];
    private readonly System.Diagnostics.Stopwatch _clock;
    private FileStream? _stream;
    private bool _plugged = true;
    private Task _loop = Task.CompletedTask;

    public SoakFeeder(SocatPty pty, string capture, DateTimeOffset start, double startLat, double startLon, TimeProvider time, System.Diagnostics.Stopwatch clock)
    {
        _clock = clock;
        _pty = pty;
        (_, _epochs) = CaptureRepather.Split(File.ReadAllLines(capture));
        _start = start;
        _startLat = startLat;
        _startLon = startLon;
        _time = time;
    }

    /// <summary>Epochs written into the pty.</summary>
    public long EpochsWritten { get; private set; }

    /// <summary>Epochs skipped because the pty was unplugged or a write failed.</summary>
    public long EpochsSkipped { get; private set; }

    /// <summary>Garbage bytes written.</summary>
    public long GarbageBytes { get; private set; }

    /// <summary>The first epoch written at or after soak time <paramref name="at"/>: when, and its fix time; null if none.</summary>
    public (TimeSpan At, DateTimeOffset FixTime)? FirstWrittenAfter(TimeSpan at)
    {
        lock (_gate)
        {
            var index = _written.FindIndex(w => w.At >= at);
            return index < 0 ? null : _written[index];
        }
    }

    /// <summary>The newest epoch written so far: when, and its fix time; null if none.</summary>
    public (TimeSpan At, DateTimeOffset FixTime)? LastWritten
    {
        get
        {
            lock (_gate)
            {
                return _written.Count == 0 ? null : _written[^1];
            }
        }
    }

    public void Start() => _loop = RunAsync(_stop.Token);

    /// <summary>Queues a burst of bytes to go out before the next epoch.</summary>
    public void Inject(byte[] bytes)
    {
        lock (_gate)
        {
            _injections.Enqueue(bytes);
        }
    }

    /// <summary>Kills socat: the agent's serial port hangs up and the link paths disappear.</summary>
    public void Unplug()
    {
        lock (_gate)
        {
            _plugged = false;
            CloseStream();
            _pty.Unplug();
        }
    }

    /// <summary>Starts socat again on the same link paths.</summary>
    public void Replug()
    {
        lock (_gate)
        {
            _pty.Start();
            _plugged = true;
        }
    }

    /// <summary>Stops writing (the pty stays).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        // after a failure the agent may be gone: a write nobody reads blocks on the full pty (holding the lock) until
        // socat goes
        _pty.Unplug();
        await StopAsync();
        lock (_gate)
        {
            CloseStream();
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(EpochStep, _time);
        long index = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                WriteEpoch(index++);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private void WriteEpoch(long index)
    {
        var (lat, lon) = Earth.Offset(_startLat, _startLon, 0.3 * index, 0.3 * index); // ≈ 8.5 m/s north-east
        var point = new PathPoint(_start + (EpochStep * index), lat, lon, 8.5, 45);
        var text = new StringBuilder();
        foreach (var line in _epochs[(int)(index % _epochs.Count)])
        {
            text.Append(CaptureRepather.Rewrite(line, point)).Append("\r\n");
        }

        var epoch = Encoding.ASCII.GetBytes(text.ToString());
        lock (_gate)
        {
            if (!_plugged)
            {
                EpochsSkipped++;
                return;
            }

            try
            {
                _stream ??= new FileStream(_pty.WriterPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
                while (_injections.TryDequeue(out var garbage))
                {
                    _stream.Write(garbage);
                    GarbageBytes += garbage.Length;
                }

                _stream.Write(epoch);
                _stream.Flush();
                EpochsWritten++;
                _written.Add((_clock.Elapsed, point.Time));
            }
            catch (IOException)
            {
                EpochsSkipped++;
                CloseStream(); // reopened at the next epoch
            }
        }
    }

    private void CloseStream()
    {
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // the pty is gone already
        }

        _stream = null;
    }
}
