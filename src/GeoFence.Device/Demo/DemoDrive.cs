using System.Text;

namespace GeoFence.Device.Demo;

/// <summary>
/// The bundled real receiver capture (u-blox NEO-M9N, gpsd regression suite, BSD-2-Clause, embedded with its notice)
/// re-pathed along the <see cref="DemoRoute"/>: allowed → redact zone → allowed → block zone → allowed. Every sentence
/// keeps the receiver's own side channels (GSV, GSA, GST, geoid separation); only time, position and motion move.
/// </summary>
public sealed class DemoDrive
{
    /// <summary>Manifest name of the embedded capture.</summary>
    public const string CaptureResource = "GeoFence.Device.Demo.capture.log";

    /// <summary>Manifest name of the capture's licence notice.</summary>
    public const string NoticeResource = "GeoFence.Device.Demo.COPYING.gpsd";

    private readonly byte[] _bytes;

    private DemoDrive(byte[] bytes, DateTimeOffset start, int epochs)
    {
        _bytes = bytes;
        Start = start;
        Epochs = epochs;
    }

    /// <summary>Time of the first epoch.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Number of epochs (one per second).</summary>
    public int Epochs { get; }

    /// <summary>Time of the last epoch.</summary>
    public DateTimeOffset End => Start.AddSeconds(Epochs - 1);

    /// <summary>Size of the re-pathed capture in bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The re-pathed capture as NMEA bytes (CR LF lines, header comments first).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Re-paths the embedded capture along <paramref name="route"/>, first epoch at <paramref name="start"/> (truncated to the second).</summary>
    public static DemoDrive Create(DemoRoute route, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(route);
        return FromCapture(ReadResource(CaptureResource), route, start);
    }

    /// <summary>Re-paths any NMEA capture along <paramref name="route"/> (the embedded one in <see cref="Create"/>).</summary>
    public static DemoDrive FromCapture(string captureText, DemoRoute route, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(captureText);
        ArgumentNullException.ThrowIfNull(route);
        var first = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var (header, epochs) = CaptureRepather.Split(captureText.Split('\n'));
        var path = route.Path(first);
        return new DemoDrive(CaptureRepather.Repath(header, epochs, path), first, path.Count);
    }

    /// <summary>The BSD notice that travels with the capture (gpsd's COPYING).</summary>
    public static string Notice() => ReadResource(NoticeResource);

    /// <summary>A fresh read-only stream over the drive: the source factory for intake.</summary>
    public Stream Open() => new MemoryStream(_bytes, writable: false);

    /// <summary>Writes the drive to <paramref name="path"/> (for `simulate --input`).</summary>
    public void WriteTo(string path) => File.WriteAllBytes(path, _bytes);

    private static string ReadResource(string name)
    {
        using var stream = typeof(DemoDrive).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return reader.ReadToEnd();
    }
}
