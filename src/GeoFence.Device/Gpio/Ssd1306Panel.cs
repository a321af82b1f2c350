using System.Device.I2c;
using Iot.Device.Ssd13xx;
using Iot.Device.Ssd13xx.Commands;
using Iot.Device.Ssd13xx.Commands.Ssd1306Commands;

namespace GeoFence.Device.Gpio;

/// <summary>
/// Iot.Device.Bindings' <see cref="Ssd1306"/> made to work for a 128×64 panel without an image library. Measured on
/// 4.2.0: its constructor sends a fixed 128×32 set-up (multiplex 0x1F, sequential COM pins) whatever height it is given,
/// then clears the screen through <c>BitmapImage</c>, which throws unless an image backend (SkiaSharp adapter) is
/// registered. This subclass clears with a zero frame of its own and then sets the 64-row multiplex and the
/// alternative COM pin layout; frames go out whole with the binding's commands and <see cref="Ssd13xx.SendData"/>.
/// </summary>
internal sealed class Ssd1306Panel : Ssd1306
{
    private static readonly byte[] Blank = new byte[DisplayFrame.Size];

    /// <summary>Initialises the panel on <paramref name="device"/>; throws <see cref="IOException"/> when it does not answer.</summary>
    public Ssd1306Panel(I2cDevice device)
        : base(device, DisplayFrame.Width, DisplayFrame.Height)
    {
        SendCommand(new SetMultiplexRatio(DisplayFrame.Height - 1));
        SendCommand(new SetComPinsHardwareConfiguration(true, false));
    }

    /// <summary>Sends a whole frame (<see cref="DisplayFrame.Size"/> bytes): all columns, all pages, then the data.</summary>
    public void Draw(ReadOnlySpan<byte> frame)
    {
        SendCommand(new SetColumnAddress(0, DisplayFrame.Width - 1));
        SendCommand(new SetPageAddress(PageAddress.Page0, PageAddress.Page7));
        var copy = frame[..DisplayFrame.Size].ToArray();
        SendData(copy);
    }

    /// <summary>The base constructor's clear, without an image backend.</summary>
    public override void ClearScreen() => Draw(Blank);
}
