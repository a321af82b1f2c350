using System.Runtime.CompilerServices;

namespace GeoFence.Gnss.Nmea;

/// <summary>What one validated sentence (or UBX message) contributes to its epoch; NaN / -1 mean absent.</summary>
internal struct SentenceData
{
    /// <summary>UTC ticks since midnight, -1 when the sentence has no time.</summary>
    public long TimeOfDay;

    /// <summary>Day of month, -1 when the sentence has no date.</summary>
    public int Day;

    /// <summary>Month 1..12.</summary>
    public int Month;

    /// <summary>Year, two digits when <see cref="TwoDigitYear"/>.</summary>
    public int Year;

    /// <summary>The year has two digits and needs a century.</summary>
    public bool TwoDigitYear;

    /// <summary>Signed latitude in degrees.</summary>
    public double Latitude;

    /// <summary>Signed longitude in degrees.</summary>
    public double Longitude;

    /// <summary>Altitude above mean sea level in metres.</summary>
    public double AltitudeMsl;

    /// <summary>Geoid separation in metres.</summary>
    public double GeoidSeparation;

    /// <summary>Height above the ellipsoid in metres.</summary>
    public double AltitudeHae;

    /// <summary>Horizontal DOP.</summary>
    public double Hdop;

    /// <summary>Position DOP.</summary>
    public double Pdop;

    /// <summary>Vertical DOP.</summary>
    public double Vdop;

    /// <summary>Horizontal 1 sigma accuracy in metres.</summary>
    public double HorizontalAccuracy;

    /// <summary>Vertical 1 sigma accuracy in metres.</summary>
    public double VerticalAccuracy;

    /// <summary>Speed over ground in m/s.</summary>
    public double SpeedMps;

    /// <summary>Course over ground in degrees true.</summary>
    public double CourseDeg;

    /// <summary>GGA-style quality 0..8, -1 when absent.</summary>
    public int Quality;

    /// <summary>How authoritative <see cref="Quality"/> is: 1 from a mode letter, 2 from GGA/GNS/UBX.</summary>
    public int QualityRank;

    /// <summary>Fix dimension 1..3 when the sentence states it, else 0.</summary>
    public int Mode;

    /// <summary>Satellites used, -1 when absent.</summary>
    public int Satellites;

    /// <summary>The sentence only supplies a date reference (ZDA); it neither opens nor closes epochs.</summary>
    public bool DateReferenceOnly;

    /// <summary>False for a part of a multi-sentence group that cannot end a cycle (GSV other than the last).</summary>
    public bool CanEndCycle;

    /// <summary>UBX GPS time of week in ms (epoch identity of UBX messages), -1 for NMEA.</summary>
    public long UbxTimeOfWeek;

    /// <summary>Extra key bits that tell repeated sentences of one cycle apart (GSA system id).</summary>
    public int Variant;

    /// <summary>A sentence contributing nothing yet.</summary>
    public static SentenceData Empty
    {
        get
        {
            var empty = default(SentenceData);
            empty.Reset();
            return empty;
        }
    }

    /// <summary>
    /// Makes this the empty value (nothing contributed yet). Field by field, which is cheaper on the per-sentence path
    /// than copying a template of this size (a memmove call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Reset()
    {
        TimeOfDay = -1;
        Day = -1;
        Month = -1;
        Year = -1;
        TwoDigitYear = false;
        Latitude = double.NaN;
        Longitude = double.NaN;
        AltitudeMsl = double.NaN;
        GeoidSeparation = double.NaN;
        AltitudeHae = double.NaN;
        Hdop = double.NaN;
        Pdop = double.NaN;
        Vdop = double.NaN;
        HorizontalAccuracy = double.NaN;
        VerticalAccuracy = double.NaN;
        SpeedMps = double.NaN;
        CourseDeg = double.NaN;
        Quality = -1;
        QualityRank = 0;
        Mode = 0;
        Satellites = -1;
        DateReferenceOnly = false;
        CanEndCycle = true;
        UbxTimeOfWeek = -1;
        Variant = 0;
    }
}
