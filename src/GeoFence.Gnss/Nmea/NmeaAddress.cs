using System.Runtime.CompilerServices;

namespace GeoFence.Gnss.Nmea;

/// <summary>Classifies the address field (talker + sentence type) of an NMEA sentence.</summary>
internal static class NmeaAddress
{
    /// <summary>Outcome of classifying an address field.</summary>
    public enum Kind
    {
        /// <summary>Supported talker and type.</summary>
        Supported,

        /// <summary>Proprietary sentence ($P...).</summary>
        Proprietary,

        /// <summary>Talker not supported.</summary>
        UnsupportedTalker,

        /// <summary>Supported talker, type not supported.</summary>
        UnsupportedType,
    }

    /// <summary>Classifies <paramref name="address"/> (the characters between the lead character and the first comma).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Kind Classify(byte lead, ReadOnlySpan<byte> address, out int talker, out NmeaSentenceType type)
    {
        talker = -1;
        type = default;
        if (lead != (byte)'$')
        {
            return Kind.UnsupportedTalker; // '!' encapsulated sentences (AIS)
        }

        var hasType = address.Length == 5 && TryType(address[2..], out type);
        if (address.Length >= 1 && address[0] == (byte)'P' && !(hasType && address[1] == (byte)'Q'))
        {
            return Kind.Proprietary;
        }

        if (address.Length != 5)
        {
            return Kind.UnsupportedTalker;
        }

        talker = TalkerIndex(address[0], address[1]);
        if (talker < 0)
        {
            return Kind.UnsupportedTalker;
        }

        return hasType ? Kind.Supported : Kind.UnsupportedType;
    }

    /// <summary>Index of a supported talker (GP GN GL GA GB BD QZ GQ GI PQ), or -1.</summary>
    /// <remarks>A perfect hash, (first + second) mod 32, and one compare: no branch on which talker it is.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TalkerIndex(byte first, byte second)
    {
        var slot = (first + second) & 31;
        return TalkerCodes[slot] == ((first << 8) | second) ? TalkerIndices[slot] : -1; // an empty slot holds -1
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryType(ReadOnlySpan<byte> t, out NmeaSentenceType type)
    {
        // A perfect hash of the nine types, (t0 ^ t1 << 1 ^ t2 << 2) mod 16, and one compare.
        var slot = (t[0] ^ (t[1] << 1) ^ (t[2] << 2)) & 15;
        var index = TypeIndices[slot];
        var found = index >= 0 && TypeCodes[slot] == ((t[0] << 16) | (t[1] << 8) | t[2]);
        type = found ? (NmeaSentenceType)index : default;
        return found;
    }

    /// <summary>Talker letters (first &lt;&lt; 8 | second) by hash slot; 0 for an empty slot.</summary>
    private static ReadOnlySpan<ushort> TalkerCodes =>
    [
        0x0000, 0x5051, 0x0000, 0x0000, 0x0000, 0x0000, 0x4244, 0x0000,
        0x4741, 0x4742, 0x0000, 0x515A, 0x0000, 0x0000, 0x0000, 0x0000,
        0x4749, 0x0000, 0x0000, 0x474C, 0x0000, 0x474E, 0x0000, 0x4750,
        0x4751, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    ];

    /// <summary>Talker index by hash slot (-1: empty).</summary>
    private static ReadOnlySpan<sbyte> TalkerIndices =>
    [
        -1, 9, -1, -1, -1, -1, 5, -1, 3, 4, -1, 6, -1, -1, -1, -1,
        8, -1, -1, 2, -1, 1, -1, 0, 7, -1, -1, -1, -1, -1, -1, -1,
    ];

    /// <summary>Type letters (t0 &lt;&lt; 16 | t1 &lt;&lt; 8 | t2) by hash slot; 0 for an empty slot.</summary>
    private static ReadOnlySpan<int> TypeCodes =>
    [
        0x000000, 0x475354, 0x565447, 0x000000, 0x524D43, 0x475341, 0x5A4441, 0x474E53,
        0x000000, 0x475356, 0x000000, 0x000000, 0x000000, 0x474741, 0x000000, 0x474C4C,
    ];

    /// <summary><see cref="NmeaSentenceType"/> by hash slot (-1: empty).</summary>
    private static ReadOnlySpan<sbyte> TypeIndices =>
    [
        -1, 6, 7, -1, 1, 4, 8, 3, -1, 5, -1, -1, -1, 0, -1, 2,
    ];
}
