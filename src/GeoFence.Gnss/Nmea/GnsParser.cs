namespace GeoFence.Gnss.Nmea;

/// <summary>GNS: time, position, per-constellation mode letters, satellites, HDOP, altitude, geoid separation, navigational status.</summary>
internal static class GnsParser
{
    /// <summary>Validates every field; on success fills <paramref name="d"/>.</summary>
    public static bool TryParse(in NmeaFields f, ref SentenceData d)
    {
        if (f.Count < 13 || f.Count > 14
            || !NmeaNumber.TryParseTime(f[1], out d.TimeOfDay)
            || !f.TryPosition(2, ref d)
            || f[6].IsEmpty || f[6].Length > 8
            || !f.TryOptionalDigits(7, 3, out d.Satellites)
            || !f.TryOptionalDecimalInRange(8, 999.99, out d.Hdop)
            || !f.TryOptionalDecimal(9, out d.AltitudeMsl)
            || !f.TryOptionalDecimal(10, out d.GeoidSeparation)
            || !f.TryOptionalDecimalInRange(11, 1e6, out _)
            || !f.TryOptionalDigits(12, 4, out var station) || station > 1023
            || !NmeaFieldRules.IsNavigationalStatus(f[13]))
        {
            return false;
        }

        // Best solution over the constellations; 'N' everywhere means no fix.
        var best = 0;
        foreach (var letter in f[6])
        {
            var quality = NmeaFieldRules.QualityOfModeLetter(letter);
            if (quality < 0)
            {
                return false;
            }

            if (quality != 0 && (best == 0 || Rank(quality) > Rank(best)))
            {
                best = quality;
            }
        }

        d.Quality = best;
        d.QualityRank = 2;
        if (best == 0)
        {
            NmeaFieldRules.DropPosition(ref d);
        }

        return true;
    }

    private static int Rank(int quality) => quality switch
    {
        4 => 9,
        5 => 8,
        3 => 7,
        2 => 6,
        1 => 5,
        _ => 1,
    };
}
