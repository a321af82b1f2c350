using System.Diagnostics;
using System.Globalization;

namespace GeoFence.Device.IntegrationTests.Infrastructure;

/// <summary>
/// A real chronyd (Debian's chrony) with its own configuration in a private directory: <c>-x</c> so it never touches
/// the system clock, no NTP port, a unix command socket for chronyc, and one <c>refclock SOCK</c> named GNSS.
/// Stopped by its PID.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ChronyDaemon : IDisposable
{
    private readonly TestDirectory _dir;
    private readonly Process _process;

    private ChronyDaemon(Process process, TestDirectory dir)
    {
        _process = process;
        _dir = dir;
    }

    public string RefclockSocket => _dir.File("gnss.sock");

    public string CommandSocket => _dir.File("chronyd.sock");

    public static async Task<ChronyDaemon> StartAsync(string refclockOptions, TimeSpan patience)
    {
        var dir = new TestDirectory();
        // chronyd refuses a command socket in a directory others can enter ("Wrong permissions").
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = dir.File("chrony.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
            $"refclock SOCK {dir.File("gnss.sock")} refid GNSS {refclockOptions}",
            $"pidfile {dir.File("chronyd.pid")}",
            $"bindcmdaddress {dir.File("chronyd.sock")}",
            "cmdport 0",
            "port 0",
            ""));

        using var socketAppeared = new FileSystemWatcher(dir.Path, "chronyd.sock") { EnableRaisingEvents = true };
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socketAppeared.Created += (_, _) => created.TrySetResult();

        var start = new ProcessStartInfo("chronyd")
        {
            // -u: stay the test user; Debian builds drop to _chrony, which then must own the directory.
            ArgumentList = { "-f", config, "-d", "-x", "-u", Environment.UserName },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("chronyd did not start");
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var daemon = new ChronyDaemon(process, dir);
        if (!File.Exists(daemon.CommandSocket))
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(created.Task, exited, Task.Delay(patience));
            if (first != created.Task)
            {
                var exitedNow = process.HasExited;
                daemon.Dispose();
                lock (log)
                {
                    throw new InvalidOperationException($"chronyd did not come up (exited: {exitedNow}):\n{log}");
                }
            }
        }

        return daemon;
    }

    /// <summary>Runs <c>chronyc -c</c> against this daemon's command socket and returns its CSV lines.</summary>
    public async Task<string[]> ChronycAsync(string command)
    {
        var start = new ProcessStartInfo("chronyc")
        {
            ArgumentList = { "-h", CommandSocket, "-c", "-n", command },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chronyc {command} exited {process.ExitCode}: {error}");
        }

        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>chronyc's CSV fields for the GNSS refclock line of <paramref name="command"/>, or null.</summary>
    public async Task<string[]?> GnssLineAsync(string command) =>
        (await ChronycAsync(command)).Select(l => l.Split(',')).FirstOrDefault(f => f.Contains("GNSS"));

    public static double Number(string field) => double.Parse(field, CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _dir.Dispose();
    }
}
