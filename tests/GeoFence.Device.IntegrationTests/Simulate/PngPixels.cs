using System.Buffers.Binary;
using System.IO.Compression;

namespace GeoFence.Device.IntegrationTests.Simulate;

/// <summary>
/// A minimal PNG reader for screenshots (8-bit RGB or RGBA, not interlaced): chunks, IDAT inflated with ZLibStream,
/// scanline filters undone. Enough to count colours; anything else throws.
/// </summary>
public sealed class PngPixels
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly byte[] rgb;

    private PngPixels(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        this.rgb = rgb;
    }

    public int Width { get; }

    public int Height { get; }

    public static PngPixels Read(byte[] png)
    {
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var offset = 8; offset + 12 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                channels = (data[8], data[9], data[12]) switch
                {
                    (8, 2, 0) => 3,
                    (8, 6, 0) => 4,
                    var other => throw new InvalidDataException($"unsupported PNG (depth, colour type, interlace) {other}"),
                };
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        return new PngPixels(width, height, Unfilter(inflated.ToArray(), width, height, channels));
    }

    /// <summary>Distinct RGB colours.</summary>
    public int DistinctColours() => Enumerable.Range(0, Width * Height).Select(i => Pixel(i)).Distinct().Count();

    /// <summary>Pixels within <paramref name="tolerance"/> per channel of the colour.</summary>
    public int CountNear((byte R, byte G, byte B) colour, int tolerance) =>
        Enumerable.Range(0, Width * Height).Count(i =>
        {
            var p = Pixel(i);
            return Math.Abs(p.R - colour.R) <= tolerance && Math.Abs(p.G - colour.G) <= tolerance && Math.Abs(p.B - colour.B) <= tolerance;
        });

    private (byte R, byte G, byte B) Pixel(int index) => (rgb[index * 3], rgb[(index * 3) + 1], rgb[(index * 3) + 2]);

    private static byte[] Unfilter(byte[] raw, int width, int height, int channels)
    {
        var stride = width * channels;
        if (raw.Length < (stride + 1) * height)
        {
            throw new InvalidDataException("PNG image data is short");
        }

        var current = new byte[stride];
        var previous = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan((y * (stride + 1)) + 1, stride);
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                int a = x >= channels ? current[x - channels] : 0, b = previous[x], c = x >= channels ? previous[x - channels] : 0;
                current[x] = (byte)(row[x] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }

            for (var x = 0; x < width; x++)
            {
                current.AsSpan(x * channels, 3).CopyTo(rgb.AsSpan(((y * width) + x) * 3));
            }

            (previous, current) = (current, previous);
        }

        return rgb;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
