using System.Device.I2c;

namespace GeoFence.Device.IntegrationTests.Gpio;

/// <summary>
/// An <see cref="I2cDevice"/> that behaves like an SSD1306 on the bus: it records every write and keeps a model of the
/// panel's 1024-byte display RAM, filled by data writes through the column/page window the commands set (horizontal
/// addressing), so a test reads back what the panel would show. It can refuse writes like a device that does not ACK.
/// </summary>
internal sealed class FakeSsd1306Bus : I2cDevice
{
    private readonly byte[] _ram = new byte[1024];
    private int _columnStart, _columnEnd = 127, _pageStart, _pageEnd = 7, _column, _page;

    public FakeSsd1306Bus(int bus = 1, int address = 0x3C) => ConnectionSettings = new I2cConnectionSettings(bus, address);

    public override I2cConnectionSettings ConnectionSettings { get; }

    /// <summary>Every command byte sequence, in order (each write's bytes after the 0x00 control byte).</summary>
    public List<byte[]> Commands { get; } = [];

    public int DataWrites { get; private set; }

    public byte? Multiplex { get; private set; }

    public byte? ComPins { get; private set; }

    public byte? AddressingMode { get; private set; }

    public bool DisplayOn { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>When set, every write throws it (as the real device throws IOException "Error 121" on a NACK).</summary>
    public Exception? FailWith { get; set; }

    public byte[] Ram => _ram.ToArray();

    /// <summary>How many times the display-off/on initialisation began (command 0xAE).</summary>
    public int Initialisations => Commands.Count(c => c.Length > 0 && c[0] == 0xAE);

    public override byte ReadByte() => throw new NotSupportedException("the SSD1306 on I2C is write-only");

    public override void Read(Span<byte> buffer) => throw new NotSupportedException("the SSD1306 on I2C is write-only");

    public override void WriteByte(byte value) => Write([value]);

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer) => throw new NotSupportedException("the SSD1306 on I2C is write-only");

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }

        ObjectDisposedException.ThrowIf(Disposed, this);

        Assert.True(buffer.Length >= 2, "a write carries a control byte and at least one byte");
        switch (buffer[0])
        {
            case 0x00:
                Command(buffer[1..].ToArray());
                break;
            case 0x40:
                Data(buffer[1..]);
                break;
            default:
                Assert.Fail($"unexpected control byte 0x{buffer[0]:X2}");
                break;
        }
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void Command(byte[] bytes)
    {
        Commands.Add(bytes);
        var i = 0;
        while (i < bytes.Length)
        {
            var op = bytes[i];
            int Arg(int k) => bytes[i + k];
            switch (op)
            {
                case 0x21:
                    (_columnStart, _columnEnd, _column) = (Arg(1), Arg(2), Arg(1));
                    i += 3;
                    break;
                case 0x22:
                    (_pageStart, _pageEnd, _page) = (Arg(1) & 7, Arg(2) & 7, Arg(1) & 7);
                    i += 3;
                    break;
                case 0x20:
                    AddressingMode = (byte)Arg(1);
                    i += 2;
                    break;
                case 0xA8:
                    Multiplex = (byte)Arg(1);
                    i += 2;
                    break;
                case 0xDA:
                    ComPins = (byte)Arg(1);
                    i += 2;
                    break;
                case 0xD5 or 0xD3 or 0x8D or 0x81 or 0xD9 or 0xDB:
                    i += 2;
                    break;
                case 0xAE or 0xAF:
                    DisplayOn = op == 0xAF;
                    i++;
                    break;
                default:
                    i++;
                    break;
            }
        }
    }

    private void Data(ReadOnlySpan<byte> bytes)
    {
        DataWrites++;
        Assert.Equal((byte)0x00, AddressingMode ?? 0x02); // page addressing would wrap within a page: frames need horizontal mode
        foreach (var b in bytes)
        {
            _ram[(_page * 128) + _column] = b;
            if (++_column > _columnEnd)
            {
                _column = _columnStart;
                if (++_page > _pageEnd)
                {
                    _page = _pageStart;
                }
            }
        }
    }
}
