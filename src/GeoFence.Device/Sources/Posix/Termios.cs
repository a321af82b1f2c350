using System.IO.Ports;
using System.Runtime.InteropServices;

namespace GeoFence.Device.Sources.Posix;

/// <summary>glibc's struct termios on Linux (NCCS = 32; the same layout on x86-64, arm64 and armhf) and its constants.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Termios
{
    public const uint CSize = 0x30;
    public const uint CS7 = 0x20;
    public const uint CS8 = 0x30;
    public const uint CStopB = 0x40;
    public const uint CRead = 0x80;
    public const uint ParEnb = 0x100;
    public const uint ParOdd = 0x200;
    public const uint HupCl = 0x400;
    public const uint CLocal = 0x800;
    public const uint CrtsCts = 0x80000000;
    public const int VTime = 5;
    public const int VMin = 6;

    public uint InputFlags;
    public uint OutputFlags;
    public uint ControlFlags;
    public uint LocalFlags;
    public byte Line;
    public fixed byte ControlChars[32];
    public uint InputSpeed;
    public uint OutputSpeed;

    /// <summary>The Bnnn constant for a speed, or null when Linux has none.</summary>
    public static uint? SpeedConstant(int baud) => baud switch
    {
        1200 => 0x9,
        2400 => 0xB,
        4800 => 0xC,
        9600 => 0xD,
        19200 => 0xE,
        38400 => 0xF,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        921600 => 0x1007,
        _ => null,
    };

    /// <summary>Raw mode at <paramref name="framing"/>: no echo, no line editing, no flow control, modem lines ignored.</summary>
    public void MakeRaw(SerialFraming framing)
    {
        fixed (Termios* self = &this)
        {
            LibC.CfMakeRaw(self);
        }

        ControlFlags &= ~(CSize | CStopB | ParEnb | ParOdd | CrtsCts | HupCl);
        ControlFlags |= CRead | CLocal | (framing.DataBits == 7 ? CS7 : CS8);
        if (framing.StopBits == StopBits.Two)
        {
            ControlFlags |= CStopB;
        }

        if (framing.Parity is Parity.Even or Parity.Odd)
        {
            ControlFlags |= ParEnb | (framing.Parity == Parity.Odd ? ParOdd : 0);
        }

        ControlChars[VMin] = 1;
        ControlChars[VTime] = 0;
    }
}
