namespace GeoFence.Device.Cli.Policy;

/// <summary>File reads and writes for the policy CLI, failing with one line naming the file.</summary>
internal static class CliFiles
{
    /// <summary>Reads a whole file no larger than <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadAll(string path, long maxBytes)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw CliFailure.Runtime($"{path}: no such file; check the path");
            }

            return info.Length > maxBytes
                ? throw CliFailure.Runtime($"{path}: larger than {maxBytes} bytes")
                : File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Runtime($"{path}: can't read ({ex.Message})");
        }
    }

    /// <summary>Writes a file atomically (temp file, flush to disk, rename).</summary>
    public static void Write(string path, byte[] content)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Runtime($"{path}: can't write ({ex.Message}); choose a writable path");
        }
    }
}
