using System.IO.Ports;

namespace GeoFence.Device.Sources;

/// <summary>A serial line setting: speed and character framing (8N1, 7N2, …).</summary>
public readonly record struct SerialFraming(int Baud, int DataBits, Parity Parity, StopBits StopBits)
{
    /// <summary>Speeds tried by auto-baud, most common first for GNSS receivers.</summary>
    public static IReadOnlyList<int> HuntSpeeds { get; } = [9600, 4800, 38400, 115200, 19200, 57600, 230400, 460800, 921600];

    /// <summary>8 data bits, no parity, 1 stop bit at the given speed.</summary>
    public static SerialFraming EightN1(int baud) => new(baud, 8, Parity.None, StopBits.One);

    /// <summary>7 data bits, no parity, 2 stop bits at the given speed (some old receivers).</summary>
    public static SerialFraming SevenN2(int baud) => new(baud, 7, Parity.None, StopBits.Two);

    /// <summary>Every combination auto-baud tries, in order: all speeds at 8N1, then all at 7N2 (as gpsd hunts).</summary>
    public static IEnumerable<SerialFraming> HuntOrder() =>
        HuntSpeeds.Select(EightN1).Concat(HuntSpeeds.Select(SevenN2));

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Baud} {DataBits}{Parity.ToString()[0]}{(StopBits == StopBits.Two ? 2 : 1)}";
}
