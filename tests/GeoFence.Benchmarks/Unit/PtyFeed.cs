using System.Diagnostics;
using GeoFence.Device.Demo;

namespace GeoFence.Benchmarks.Unit;

/// <summary>
/// A socat pty pair fed with a real capture re-pathed at a fixed rate: epoch i carries receiver time
/// <see cref="Start"/> + i × interval; the write timestamp of each epoch's first byte is kept.
/// </summary>
internal sealed class PtyFeed : IDisposable
{
    private readonly Process _socat;
    private readonly IReadOnlyList<string> _header;
    private readonly IReadOnlyList<IReadOnlyList<string>> _epochs;
    private readonly List<long> _written = [];
    private FileStream? _writer;

    public PtyFeed(string directory, string capture, TimeSpan interval)
    {
        Interval = interval;
        WriterPath = Path.Combine(directory, "receiver");
        ReaderPath = Path.Combine(directory, "unit");
        (_header, _epochs) = CaptureRepather.Split(File.ReadAllLines(capture));
        var now = DateTimeOffset.UtcNow;
        Start = new DateTimeOffset(now.Ticks - (now.Ticks % interval.Ticks), TimeSpan.Zero);
        var info = new ProcessStartInfo("socat") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-d", "-d", $"pty,raw,echo=0,link={WriterPath}", $"pty,raw,echo=0,link={ReaderPath}" })
        {
            info.ArgumentList.Add(arg);
        }

        _socat = Process.Start(info) ?? throw new InvalidOperationException("socat did not start");
        while (_socat.StandardError.ReadLine() is { } line)
        {
            if (line.Contains("starting data transfer loop", StringComparison.Ordinal))
            {
                _ = _socat.StandardError.ReadToEndAsync();
                return;
            }
        }

        throw new InvalidOperationException("socat exited before it was ready");
    }

    public string WriterPath { get; }

    public string ReaderPath { get; }

    public TimeSpan Interval { get; }

    /// <summary>Receiver time of epoch 0.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Epochs written so far.</summary>
    public int Count
    {
        get
        {
            lock (_written)
            {
                return _written.Count;
            }
        }
    }

    /// <summary>Stopwatch timestamp of the first byte of epoch <paramref name="index"/>.</summary>
    public long WrittenAt(int index)
    {
        lock (_written)
        {
            return _written[index];
        }
    }

    /// <summary>The epoch index of a receiver time.</summary>
    public int IndexOf(DateTimeOffset time) => (int)Math.Round((time - Start) / Interval);

    /// <summary>Writes epochs at the fixed rate until <paramref name="duration"/> has passed (on its own thread).</summary>
    public void Run(TimeSpan duration, CancellationToken cancellationToken)
    {
        _writer = new FileStream(WriterPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        var header = System.Text.Encoding.ASCII.GetBytes(string.Concat(_header.Select(h => h + "\r\n")));
        _writer.Write(header);
        var began = Stopwatch.GetTimestamp();
        var total = (int)(duration / Interval);
        for (var i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
        {
            var bytes = Epoch(i);
            var due = began + (long)(i * Interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            var at = Stopwatch.GetTimestamp();
            _writer.Write(bytes);
            _writer.Flush();
            lock (_written)
            {
                _written.Add(at);
            }
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        if (!_socat.HasExited)
        {
            _socat.Kill();
            _socat.WaitForExit();
        }

        _socat.Dispose();
    }

    private byte[] Epoch(int index)
    {
        var metres = 0.5 * index;
        var latitude = 38.1 + (metres / 111_195.0);
        var longitude = -122.6 + (metres / (111_195.0 * Math.Cos(double.DegreesToRadians(38.1))));
        var point = new PathPoint(Start + (Interval * index), latitude, longitude, 10, 45);
        var text = string.Concat(_epochs[index % _epochs.Count].Select(line => CaptureRepather.Rewrite(line, point) + "\r\n"));
        return System.Text.Encoding.ASCII.GetBytes(text);
    }
}
