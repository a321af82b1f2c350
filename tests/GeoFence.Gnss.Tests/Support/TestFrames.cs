using System.Buffers.Binary;

namespace GeoFence.Gnss.Tests.Support;

/// <summary>Builds UBX frames (and RTCM3 frames) for tests.</summary>
public static class TestFrames
{
    public static byte[] Frame(byte messageClass, byte messageId, byte[] payload, bool corruptChecksum = false)
    {
        var frame = new byte[payload.Length + 8];
        frame[0] = 0xB5;
        frame[1] = 0x62;
        frame[2] = messageClass;
        frame[3] = messageId;
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), (ushort)payload.Length);
        payload.CopyTo(frame, 6);
        byte a = 0, b = 0;
        for (var i = 2; i < 6 + payload.Length; i++)
        {
            a += frame[i];
            b += a;
        }

        frame[^2] = a;
        frame[^1] = corruptChecksum ? (byte)(b ^ 0x55) : b;
        return frame;
    }

    /// <summary>NAV-PVT (92 bytes) for 2022-10-11 hh:mm:ss UTC with the given position (1e-7 degrees) and flags.</summary>
    public static byte[] NavPvt(uint timeOfWeekMs, int hour, int minute, int second, int latitude, int longitude,
        byte fixType = 3, byte flags = 0x01 | 0x80, int heightMm = 869218, int heightMslMm = 826560)
    {
        var p = new byte[92];
        BinaryPrimitives.WriteUInt32LittleEndian(p, timeOfWeekMs);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(4), 2022);
        p[6] = 10;
        p[7] = 11;
        p[8] = (byte)hour;
        p[9] = (byte)minute;
        p[10] = (byte)second;
        p[11] = 0x07; // validDate, validTime, fullyResolved
        p[20] = fixType;
        p[21] = flags;
        p[23] = 17;
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(24), longitude);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(28), latitude);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(32), heightMm);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(36), heightMslMm);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(40), 14);  // hAcc mm
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(44), 21);  // vAcc mm
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(60), 1234); // gSpeed mm/s
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(64), 9_000_000); // headMot 90°
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(76), 132);
        return Frame(0x01, 0x07, p);
    }

    public static byte[] HpPosLlh(uint timeOfWeekMs, int latitude, int longitude, sbyte latitudeHp, sbyte longitudeHp)
    {
        var p = new byte[36];
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), timeOfWeekMs);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(8), longitude);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(12), latitude);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(16), 869218);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(20), 826560);
        p[24] = (byte)longitudeHp;
        p[25] = (byte)latitudeHp;
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(28), 123);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(32), 456);
        return Frame(0x01, 0x14, p);
    }

    public static byte[] EndOfEpoch(uint timeOfWeekMs)
    {
        var p = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(p, timeOfWeekMs);
        return Frame(0x01, 0x61, p);
    }

    /// <summary>RTCM3 frame with a message of <paramref name="length"/> bytes and a valid (or broken) CRC-24Q.</summary>
    public static byte[] Rtcm3(int length, bool corruptCrc = false)
    {
        var frame = new byte[length + 6];
        frame[0] = 0xD3;
        frame[1] = (byte)(length >> 8);
        frame[2] = (byte)length;
        for (var i = 0; i < length; i++)
        {
            frame[3 + i] = (byte)(i * 7 + 0x40);
        }

        var crc = Crc24Q(frame.AsSpan(0, length + 3));
        if (corruptCrc)
        {
            crc ^= 1;
        }

        frame[^3] = (byte)(crc >> 16);
        frame[^2] = (byte)(crc >> 8);
        frame[^1] = (byte)crc;
        return frame;
    }

    /// <summary>Bit-by-bit CRC-24Q, independent of the library's table version.</summary>
    private static uint Crc24Q(ReadOnlySpan<byte> data)
    {
        uint crc = 0;
        foreach (var b in data)
        {
            crc ^= (uint)b << 16;
            for (var bit = 0; bit < 8; bit++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= 0x1864CFB;
                }
            }
        }

        return crc & 0xFFFFFF;
    }
}
