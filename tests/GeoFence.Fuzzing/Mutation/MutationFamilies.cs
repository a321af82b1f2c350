namespace GeoFence.Fuzzing.Mutation;

/// <summary>Which groups of mutations a <see cref="Mutator"/> may apply.</summary>
[Flags]
public enum MutationFamilies
{
    /// <summary>Format-blind: bit flips, byte insert/delete/duplicate, interesting values, splices between seeds.</summary>
    Bytes = 1,

    /// <summary>NMEA: change a field, recompute or break the checksum, drop CR/LF, huge fields, repeat or swap sentences.</summary>
    Nmea = 2,

    /// <summary>UBX: length fields, payload bytes with a recomputed Fletcher checksum, synthetic NAV frames.</summary>
    Ubx = 4,

    /// <summary>JSON: numbers, strings and whole values replaced by interesting ones; members and elements dropped or repeated.</summary>
    Json = 8,

    /// <summary>Everything that suits receiver bytes.</summary>
    Gnss = Bytes | Nmea | Ubx,

    /// <summary>Everything that suits policy documents and bundles.</summary>
    Policy = Bytes | Json,
}
