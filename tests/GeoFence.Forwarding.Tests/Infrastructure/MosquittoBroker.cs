using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GeoFence.Forwarding.Tests.Infrastructure;

/// <summary>Debian's real mosquitto on a free loopback port with its own config (TLS optional), stopped by PID.</summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly string _config;
    private Process? _process;

    public MosquittoBroker(string directory, TlsMaterial? tls = null, int? maxInflight = null, string bindAddress = "127.0.0.1", (string Cert, string Key)? serverCertificate = null, bool persistent = false)
    {
        Directory.CreateDirectory(directory);
        Port = FreePort(bindAddress);
        var lines = new List<string>
        {
            $"listener {Port} {bindAddress}",
            "allow_anonymous true",
            persistent ? "persistence true" : "persistence false",
            $"persistence_location {directory}/",
            "user root",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
        };
        if (maxInflight is { } inflight)
        {
            lines.Add($"max_inflight_messages {inflight}");
        }

        if (tls is not null)
        {
            var (certPem, keyPem, _) = serverCertificate is { } given ? (given.Cert, given.Key, null!) : tls.IssueServer();
            File.WriteAllText(Path.Combine(directory, "ca.pem"), tls.CaPem);
            File.WriteAllText(Path.Combine(directory, "server.pem"), certPem);
            File.WriteAllText(Path.Combine(directory, "server.key"), keyPem);
            lines.Add($"cafile {Path.Combine(directory, "ca.pem")}");
            lines.Add($"certfile {Path.Combine(directory, "server.pem")}");
            lines.Add($"keyfile {Path.Combine(directory, "server.key")}");
            lines.Add("tls_version tlsv1.2");
        }

        _config = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllLines(_config, lines);
        Start();
    }

    public int Port { get; }

    public int? Pid => _process?.Id;

    public static string Executable => File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";

    /// <summary>Starts mosquitto and returns when it says it is running.</summary>
    public void Start()
    {
        var info = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(_config);
        _process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
        var log = new List<string>();
        while (true)
        {
            var line = _process.StandardError.ReadLine() ?? throw new InvalidOperationException("mosquitto exited: " + string.Join(" | ", log));
            log.Add(line);
            if (line.Contains(" running", StringComparison.Ordinal))
            {
                _ = _process.StandardError.ReadToEndAsync();
                return;
            }
        }
    }

    /// <summary>Stops mosquitto by PID (SIGKILL: no goodbye to clients).</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Stops mosquitto by PID with SIGTERM: it saves its persistence file and exits.</summary>
    public void StopGracefully()
    {
        if (_process is null)
        {
            return;
        }

        using (var kill = Process.Start("kill", $"-TERM {_process.Id}"))
        {
            kill.WaitForExit();
        }

        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();

    private static int FreePort(string address)
    {
        using var probe = new TcpListener(IPAddress.Parse(address), 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
