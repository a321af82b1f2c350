using System.Diagnostics;
using GeoFence.Forwarding.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>
/// The agent's data directory on a real size-limited tmpfs mounted over it (its files carried over), so that the soak can
/// fill it until ENOSPC; unmounted on dispose. Mounting needs root (CI and the dev machines run as root): without it the
/// soak fails here, loudly, rather than skipping the disk-full fault.
/// </summary>
public sealed class SoakDataTmpfs : IDisposable
{
    private readonly string _directory;
    private bool _mounted;

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB over <paramref name="directory"/>, keeping its files.</summary>
    public SoakDataTmpfs(string directory, int megabytes)
    {
        Assert.True(Environment.UserName == "root", "the soak's disk-full fault mounts a tmpfs over the data directory and needs root; run the soak as root (CI does)");
        _directory = directory;
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => (Relative: Path.GetRelativePath(directory, f), Bytes: File.ReadAllBytes(f)))
            .ToList();
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", directory);
        _mounted = true;
        foreach (var (relative, bytes) in files)
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    /// <summary>Bytes the file system can still take.</summary>
    public long FreeBytes => new DriveInfo(_directory).AvailableFreeSpace;

    /// <summary>Writes a filler file until the file system refuses (ENOSPC); returns its path, to delete for freeing space.</summary>
    public string Fill()
    {
        var filler = Path.Combine(_directory, "filler");
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in new[] { 1 << 20, 4096, 512 })
        {
            var block = new byte[size];
            try
            {
                while (true)
                {
                    stream.Write(block);
                }
            }
            catch (IOException)
            {
                // full at this block size; the next, smaller one takes what is left
            }
        }

        return filler;
    }

    /// <summary>
    /// The sequences committed in the agent's live outbox now: an SQLite online backup (a consistent read) copied to
    /// <paramref name="copyPath"/> outside the tmpfs and read there.
    /// </summary>
    public static IReadOnlyList<long> CommittedSequences(string outboxPath, string copyPath)
    {
        if (!File.Exists(outboxPath))
        {
            return [];
        }

        using (var source = new SqliteConnection($"Data Source={outboxPath};Mode=ReadOnly;Pooling=False"))
        using (var copy = new SqliteConnection($"Data Source={copyPath};Pooling=False"))
        {
            source.Open();
            copy.Open();
            source.BackupDatabase(copy);
        }

        using var outbox = DurableOutbox.Open(new OutboxOptions { DatabasePath = copyPath }, TimeProvider.System, NullLogger.Instance);
        Assert.Equal(OutboxHealth.Ok, outbox.Health);
        var sequences = outbox.ReadAfter(0, 10_000_000).Select(r => r.Sequence).ToList();
        outbox.Dispose();
        OutboxDatabaseFiles(copyPath).ToList().ForEach(File.Delete);
        return sequences;
    }

    /// <summary>SQLite's integrity check of the live outbox, read-only from outside the agent ("ok" when sound).</summary>
    public static string IntegrityCheck(string outboxPath)
    {
        using var connection = new SqliteConnection($"Data Source={outboxPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        if (_mounted)
        {
            _mounted = false;
            Run("umount", "-l", _directory);
        }
    }

    private static IEnumerable<string> OutboxDatabaseFiles(string path) =>
        new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists);

    private static void Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException(tool);
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error}");
    }
}
