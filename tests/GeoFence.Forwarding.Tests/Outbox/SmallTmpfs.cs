using System.Diagnostics;

namespace GeoFence.Forwarding.Tests.Outbox;

/// <summary>A real size-limited tmpfs mounted for one test (needs root, as CI and the dev machines run); unmounted on dispose.</summary>
public sealed class SmallTmpfs : IDisposable
{
    public SmallTmpfs(int kilobytes)
    {
        Assert.True(Environment.UserName == "root", "disk-full and read-only tests mount a tmpfs and need root; run the suite as root (CI does)");
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "geofence-tmpfs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Run("mount", $"-t tmpfs -o size={kilobytes}k tmpfs {Path}");
    }

    public string Path { get; }

    /// <summary>Fills the file system until writes fail; returns the filler file to delete for freeing space.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            return filler;
        }
    }

    public void ReadOnly(bool readOnly) => Run("mount", $"-o remount,{(readOnly ? "ro" : "rw")} {Path}");

    public void Dispose()
    {
        Run("umount", $"-l {Path}");
        Directory.Delete(Path);
    }

    private static void Run(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true }) ?? throw new InvalidOperationException(tool);
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {arguments}: {error}");
    }
}
