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
    public static int TalkerIndex(byte first, byte second) => ((char)first, (char)second) switch
    {
        ('G', 'P') => 0,
        ('G', 'N') => 1,
        ('G', 'L') => 2,
        ('G', 'A') => 3,
        ('G', 'B') => 4,
        ('B', 'D') => 5,
        ('Q', 'Z') => 6,
        ('G', 'Q') => 7,
        ('G', 'I') => 8,
        ('P', 'Q') => 9,
        _ => -1,
    };

    private static bool TryType(ReadOnlySpan<byte> t, out NmeaSentenceType type)
    {
        var code = (t[0] << 16) | (t[1] << 8) | t[2];
        const int g = 'G' << 16;
        (var ok, type) = code switch
        {
            g | ('G' << 8) | 'A' => (true, NmeaSentenceType.Gga),
            ('R' << 16) | ('M' << 8) | 'C' => (true, NmeaSentenceType.Rmc),
            g | ('L' << 8) | 'L' => (true, NmeaSentenceType.Gll),
            g | ('N' << 8) | 'S' => (true, NmeaSentenceType.Gns),
            g | ('S' << 8) | 'A' => (true, NmeaSentenceType.Gsa),
            g | ('S' << 8) | 'V' => (true, NmeaSentenceType.Gsv),
            g | ('S' << 8) | 'T' => (true, NmeaSentenceType.Gst),
            ('V' << 16) | ('T' << 8) | 'G' => (true, NmeaSentenceType.Vtg),
            ('Z' << 16) | ('D' << 8) | 'A' => (true, NmeaSentenceType.Zda),
            _ => (false, default(NmeaSentenceType)),
        };
        return ok;
    }
}
