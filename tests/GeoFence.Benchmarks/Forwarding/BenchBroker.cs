using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GeoFence.Benchmarks.Forwarding;

/// <summary>Debian's mosquitto on a free loopback port (plaintext: the loopback-demo gate path), stopped by PID.</summary>
internal sealed class BenchBroker : IDisposable
{
    private readonly Process _process;

    public BenchBroker(string directory)
    {
        Directory.CreateDirectory(directory);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var config = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllLines(config, [$"listener {Port} 127.0.0.1", "allow_anonymous true", "persistence false", "user root",
            "log_dest stderr", "log_type information", "max_inflight_messages 0", "max_queued_messages 100000"]);
        var info = new ProcessStartInfo(File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto", $"-c {config}")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
        while (_process.StandardError.ReadLine() is { } line)
        {
            if (line.Contains(" running", StringComparison.Ordinal))
            {
                _ = _process.StandardError.ReadToEndAsync();
                return;
            }
        }

        throw new InvalidOperationException("mosquitto exited");
    }

    public int Port { get; }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
