namespace GeoFence.Gnss.Lexing;

/// <summary>CRC-24Q (polynomial 0x1864CFB, initial value 0) used by RTCM3 frames.</summary>
internal static class Crc24Q
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>CRC-24Q of the bytes.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0;
        foreach (var b in data)
        {
            crc = ((crc << 8) & 0xFFFFFF) ^ Table[((crc >> 16) ^ b) & 0xFF];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var crc = i << 16;
            for (var bit = 0; bit < 8; bit++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= 0x1864CFB;
                }
            }

            table[i] = crc & 0xFFFFFF;
        }

        return table;
    }
}
