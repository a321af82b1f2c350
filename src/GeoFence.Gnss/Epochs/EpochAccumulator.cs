using System.Runtime.CompilerServices;
using GeoFence.Gnss.Nmea;

namespace GeoFence.Gnss.Epochs;

/// <summary>The values gathered for the pending epoch; later sentences overwrite earlier ones field by field.</summary>
internal struct EpochAccumulator
{
    /// <summary>At least one sentence was merged.</summary>
    public bool HasData;

    /// <summary>Arrival timestamp of the first byte of the first merged sentence.</summary>
    public long FirstByteTimestamp;

    /// <summary>UTC ticks since midnight, -1 until a timed sentence was merged.</summary>
    public long TimeOfDay;

    /// <summary>UBX time of week of the merged UBX messages, -1 when none.</summary>
    public long UbxTimeOfWeek;

    /// <summary>Resolved date of a dated sentence of this epoch (ticks of midnight UTC), -1 when none.</summary>
    public long DateTicks;

    /// <summary>Merged values.</summary>
    public SentenceData Values;

    /// <summary>Fix dimension stated by GSA (0 when not stated).</summary>
    public int StatedMode;

    /// <summary>Fix dimension stated by UBX (0 when not stated).</summary>
    public int UbxMode;

    /// <summary>A UBX message supplied the position.</summary>
    public bool PositionFromUbx;

    /// <summary>Starts an empty epoch.</summary>
    public void Start(long firstByteTimestamp)
    {
        HasData = true;
        FirstByteTimestamp = firstByteTimestamp;
        TimeOfDay = -1;
        UbxTimeOfWeek = -1;
        DateTicks = -1;
        Values.Reset();
        StatedMode = 0;
        UbxMode = 0;
        PositionFromUbx = false;
    }

    /// <summary>
    /// Merges one validated sentence or UBX message; only the value groups in <paramref name="contents"/> are looked
    /// at (the others are absent in <paramref name="d"/>, as its kind never sets them).
    /// </summary>
    public void Merge(ref SentenceData d, bool fromUbx, SentenceContents contents)
    {
        ref var v = ref Values;
        if (d.TimeOfDay >= 0)
        {
            TimeOfDay = d.TimeOfDay;
        }

        if (d.UbxTimeOfWeek >= 0)
        {
            UbxTimeOfWeek = d.UbxTimeOfWeek;
        }

        // Later sentences overwrite earlier ones (as gpsd reports), except that NMEA never overwrites a UBX position:
        // UBX carries more digits than NMEA's minutes.
        var ubxPositionKept = PositionFromUbx && !fromUbx;
        if ((contents & SentenceContents.Position) != 0 && !double.IsNaN(d.Latitude) && !ubxPositionKept)
        {
            v.Latitude = d.Latitude;
            v.Longitude = d.Longitude;
            PositionFromUbx = fromUbx;
        }

        if (!ubxPositionKept)
        {
            if ((contents & SentenceContents.Heights) != 0)
            {
                Take(ref v.AltitudeMsl, d.AltitudeMsl);
                Take(ref v.GeoidSeparation, d.GeoidSeparation);
                Take(ref v.AltitudeHae, d.AltitudeHae);
            }

            if ((contents & SentenceContents.Accuracy) != 0)
            {
                Take(ref v.HorizontalAccuracy, d.HorizontalAccuracy);
                Take(ref v.VerticalAccuracy, d.VerticalAccuracy);
            }
        }

        if ((contents & SentenceContents.Dops) != 0)
        {
            Take(ref v.Hdop, d.Hdop);
            Take(ref v.Pdop, d.Pdop);
            Take(ref v.Vdop, d.Vdop);
        }

        if ((contents & SentenceContents.Motion) != 0)
        {
            Take(ref v.SpeedMps, d.SpeedMps);
            Take(ref v.CourseDeg, d.CourseDeg);
        }

        if (d.Quality >= 0 && d.QualityRank >= v.QualityRank)
        {
            v.Quality = d.Quality;
            v.QualityRank = d.QualityRank;
        }

        if (d.Satellites >= 0)
        {
            v.Satellites = d.Satellites;
        }

        if (d.Mode > 0)
        {
            if (fromUbx)
            {
                UbxMode = d.Mode;
            }
            else if (d.Mode >= StatedMode)
            {
                StatedMode = d.Mode;
            }
        }
    }

    /// <summary>Builds the fix of this epoch at <paramref name="time"/>.</summary>
    public readonly Fix ToFix(DateTime time)
    {
        ref readonly var v = ref Values;
        var quality = v.Quality < 0 ? (double.IsNaN(v.Latitude) ? 0 : 1) : v.Quality;
        var hasPosition = !double.IsNaN(v.Latitude) && quality != 0;
        var hae = v.AltitudeHae;
        var msl = v.AltitudeMsl;
        var separation = v.GeoidSeparation;
        if (double.IsNaN(hae) && !double.IsNaN(msl) && !double.IsNaN(separation))
        {
            hae = msl + separation;
        }
        else if (double.IsNaN(msl) && !double.IsNaN(hae) && !double.IsNaN(separation))
        {
            msl = hae - separation;
        }

        FixMode mode;
        if (!hasPosition)
        {
            mode = FixMode.NoFix;
        }
        else if (UbxMode > 0)
        {
            mode = (FixMode)UbxMode;
        }
        else if (StatedMode >= 2)
        {
            mode = (FixMode)StatedMode;
        }
        else
        {
            mode = double.IsNaN(msl) && double.IsNaN(hae) ? FixMode.TwoD : FixMode.ThreeD;
        }

        var threeD = mode == FixMode.ThreeD;
        return new Fix
        {
            Time = new DateTimeOffset(time, TimeSpan.Zero),
            Latitude = hasPosition ? v.Latitude : null,
            Longitude = hasPosition ? v.Longitude : null,
            AltitudeHae = threeD ? OrNull(hae) : null,
            AltitudeMsl = threeD ? OrNull(msl) : null,
            GeoidSeparation = hasPosition ? OrNull(separation) : null,
            Mode = mode,
            Quality = hasPosition ? (FixQuality)quality : FixQuality.None,
            SatellitesUsed = v.Satellites >= 0 ? v.Satellites : null,
            Hdop = OrNull(v.Hdop),
            Pdop = OrNull(v.Pdop),
            Vdop = OrNull(v.Vdop),
            HorizontalAccuracy = hasPosition ? OrNull(v.HorizontalAccuracy) : null,
            VerticalAccuracy = threeD ? OrNull(v.VerticalAccuracy) : null,
            SpeedMps = hasPosition ? OrNull(v.SpeedMps) : null,
            CourseDeg = hasPosition ? OrNull(v.CourseDeg) : null,
            Source = PositionFromUbx ? FixSource.Ubx : FixSource.Nmea,
            FirstByteTimestamp = FirstByteTimestamp,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(ref double target, double value)
    {
        if (!double.IsNaN(value))
        {
            target = value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double? OrNull(double value) => double.IsNaN(value) ? null : value;
}
