using System.Diagnostics;

namespace GeoFence.Device.IntegrationTests.Infrastructure;

/// <summary>A real pty pair made by socat: write into <see cref="WriterPath"/>, the unit reads <see cref="ReaderPath"/>.</summary>
public sealed class SocatPty : IDisposable
{
    private Process? _process;

    public SocatPty(string directory)
    {
        Directory.CreateDirectory(directory);
        WriterPath = Path.Combine(directory, "receiver");
        ReaderPath = Path.Combine(directory, "unit");
        Start();
    }

    public string WriterPath { get; }

    public string ReaderPath { get; }

    /// <summary>Starts socat and returns once it reports its data transfer loop (both links exist then).</summary>
    public void Start()
    {
        var info = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-d", "-d", $"pty,raw,echo=0,link={WriterPath}", $"pty,raw,echo=0,link={ReaderPath}" })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("socat did not start");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var line = _process.StandardError.ReadLine() ?? throw new InvalidOperationException("socat exited before it was ready");
            if (line.Contains("starting data transfer loop", StringComparison.Ordinal))
            {
                _ = _process.StandardError.ReadToEndAsync(); // keep draining so socat never blocks on stderr
                return;
            }
        }

        throw new TimeoutException("socat did not report its transfer loop");
    }

    /// <summary>Kills socat: the reader sees a hangup, the links disappear.</summary>
    public void Unplug()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
        File.Delete(WriterPath);
        File.Delete(ReaderPath);
    }

    /// <summary>Writes bytes into the receiver end and flushes them.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(WriterPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        stream.Write(bytes);
        stream.Flush();
    }

    public void Dispose() => Unplug();
}
