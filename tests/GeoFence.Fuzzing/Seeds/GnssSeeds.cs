namespace GeoFence.Fuzzing.Seeds;

/// <summary>The real receiver captures (tests/data/gpsd, text and binary) as seeds: windows of 32 B – 4 KiB from a random capture.</summary>
public sealed class GnssSeeds
{
    private readonly byte[][] _captures;

    /// <summary>Loads every <c>*.log</c> under a directory.</summary>
    public GnssSeeds(string directory)
    {
        _captures = Directory.EnumerateFiles(directory, "*.log", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        if (_captures.Length == 0)
        {
            throw new InvalidOperationException($"no *.log captures under {directory}");
        }
    }

    /// <summary>The seed directory next to the binaries (the project copies tests/data/gpsd there).</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data", "gpsd");

    /// <summary>Number of captures.</summary>
    public int Count => _captures.Length;

    /// <summary>Total seed bytes.</summary>
    public long Bytes => _captures.Sum(c => (long)c.Length);

    /// <summary>A window of a random capture, starting at a line start or a UBX sync (most of the time).</summary>
    public byte[] Pick(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var capture = _captures[random.Next(_captures.Length)];
        var length = Math.Min(capture.Length, 32 << random.Next(8)); // 32 B .. 4 KiB
        length = random.Next(Math.Max(1, length / 2), length + 1);
        var start = random.Next(capture.Length - length + 1);
        if (random.Next(4) != 0)
        {
            start = Align(capture, start);
            length = Math.Min(length, capture.Length - start);
        }

        return capture.AsSpan(start, length).ToArray();
    }

    private static int Align(byte[] capture, int start)
    {
        for (var i = start; i < capture.Length - 1; i++)
        {
            if (capture[i] == (byte)'\n' || (capture[i] == 0xB5 && capture[i + 1] == 0x62))
            {
                return capture[i] == (byte)'\n' ? i + 1 : i;
            }
        }

        return start;
    }
}
