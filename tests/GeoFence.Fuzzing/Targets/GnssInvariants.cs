using GeoFence.Gnss;

namespace GeoFence.Fuzzing.Targets;

/// <summary>What must hold after any byte stream went through a <see cref="GnssDecoder"/>; each check returns the broken rule or null.</summary>
public static class GnssInvariants
{
    /// <summary>How many emitted epoch times the decoder remembers for duplicate suppression (README: the last 32).</summary>
    public const int RememberedEpochs = 32;

    private static readonly GnssCounter[] NmeaOutcomes =
    [
        GnssCounter.AcceptedGga, GnssCounter.AcceptedRmc, GnssCounter.AcceptedGll, GnssCounter.AcceptedGns,
        GnssCounter.AcceptedGsa, GnssCounter.AcceptedGsv, GnssCounter.AcceptedGst, GnssCounter.AcceptedVtg,
        GnssCounter.AcceptedZda, GnssCounter.ProprietarySentences, GnssCounter.RejectedChecksumMissing,
        GnssCounter.RejectedChecksumMalformed, GnssCounter.RejectedChecksumWrong, GnssCounter.RejectedInvalidField,
        GnssCounter.RejectedUnsupportedTalker, GnssCounter.RejectedUnsupportedType,
    ];

    private static readonly GnssCounter[] QualityCounters =
    [
        GnssCounter.FixesNone, GnssCounter.FixesGnss, GnssCounter.FixesDgnss, GnssCounter.FixesPps,
        GnssCounter.FixesRtkFixed, GnssCounter.FixesRtkFloat, GnssCounter.FixesDeadReckoning, GnssCounter.FixesManual,
        GnssCounter.FixesSimulated,
    ];

    /// <summary>Counter consistency: every byte counted, every delimited sentence has exactly one outcome, one epoch per fix.</summary>
    public static string? CheckCounters(GnssCountersSnapshot c, long inputLength, int fixes, long polls)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c[GnssCounter.Bytes] != inputLength)
        {
            return $"counter Bytes {c[GnssCounter.Bytes]} != input length {inputLength}";
        }

        if (c[GnssCounter.GarbageBytes] < 0 || c[GnssCounter.GarbageBytes] > inputLength)
        {
            return $"counter GarbageBytes {c[GnssCounter.GarbageBytes]} outside [0, {inputLength}]";
        }

        var outcomes = NmeaOutcomes.Sum(k => c[k]);
        if (outcomes != c[GnssCounter.NmeaFrames])
        {
            return $"NMEA outcomes {outcomes} != NmeaFrames {c[GnssCounter.NmeaFrames]} (accepted + rejected must equal frames)";
        }

        if (c[GnssCounter.UbxUnknown] + c[GnssCounter.UbxInvalidField] > c[GnssCounter.UbxFrames])
        {
            return $"UBX unknown + invalid {c[GnssCounter.UbxUnknown] + c[GnssCounter.UbxInvalidField]} > UbxFrames {c[GnssCounter.UbxFrames]}";
        }

        if (c[GnssCounter.Epochs] != fixes)
        {
            return $"counter Epochs {c[GnssCounter.Epochs]} != fixes emitted {fixes}";
        }

        var byQuality = QualityCounters.Sum(k => c[k]);
        if (byQuality != fixes)
        {
            return $"per-quality fix counters sum {byQuality} != fixes emitted {fixes}";
        }

        var messages = c[GnssCounter.AcceptedGga] + c[GnssCounter.AcceptedRmc] + c[GnssCounter.AcceptedGll] + c[GnssCounter.AcceptedGns]
            + c[GnssCounter.AcceptedGsa] + c[GnssCounter.AcceptedGsv] + c[GnssCounter.AcceptedGst] + c[GnssCounter.AcceptedVtg]
            + c[GnssCounter.AcceptedZda] + c[GnssCounter.UbxFrames];
        var closed = c[GnssCounter.Epochs] + c[GnssCounter.UndatedEpochs] + c[GnssCounter.DuplicateEpochs] + c[GnssCounter.TimelessEpochs];
        if (closed > messages)
        {
            return $"{closed} epochs closed from only {messages} accepted messages";
        }

        return c[GnssCounter.EpochTimeouts] > polls
            ? $"EpochTimeouts {c[GnssCounter.EpochTimeouts]} > Poll calls {polls}"
            : null;
    }

    /// <summary>Fix sanity: a position is whole, finite and in range; no value is NaN/∞; no epoch time repeats within the remembered window.</summary>
    public static string? CheckFixes(IReadOnlyList<Fix> fixes, DateTimeOffset minimumPlausibleDate)
    {
        ArgumentNullException.ThrowIfNull(fixes);
        for (var i = 0; i < fixes.Count; i++)
        {
            var f = fixes[i];
            if (f.Latitude.HasValue != f.Longitude.HasValue)
            {
                return $"fix {i}: half a position (latitude without longitude or the reverse)";
            }

            if (f.Latitude is { } lat && (!double.IsFinite(lat) || lat < -90 || lat > 90))
            {
                return $"fix {i}: latitude not finite or outside [-90, 90]";
            }

            if (f.Longitude is { } lon && (!double.IsFinite(lon) || lon < -180 || lon > 180))
            {
                return $"fix {i}: longitude not finite or outside [-180, 180]";
            }

            if (NonFinite(f) is { } field)
            {
                return $"fix {i}: {field} is not finite";
            }

            if (Negative(f) is { } negative)
            {
                return $"fix {i}: {negative} is negative";
            }

            if (f.Time.Offset != TimeSpan.Zero || f.Time < minimumPlausibleDate.AddDays(-1))
            {
                return $"fix {i}: time not UTC or before the plausible minimum date";
            }

            for (var j = Math.Max(0, i - RememberedEpochs); j < i; j++)
            {
                if (fixes[j].Time == f.Time)
                {
                    return $"fix {i}: epoch time already emitted by fix {j} ({i - j} fixes earlier, within the remembered {RememberedEpochs})";
                }
            }
        }

        return null;
    }

    private static string? NonFinite(in Fix f) =>
        !Finite(f.AltitudeHae) ? nameof(Fix.AltitudeHae)
        : !Finite(f.AltitudeMsl) ? nameof(Fix.AltitudeMsl)
        : !Finite(f.GeoidSeparation) ? nameof(Fix.GeoidSeparation)
        : !Finite(f.Hdop) ? nameof(Fix.Hdop)
        : !Finite(f.Pdop) ? nameof(Fix.Pdop)
        : !Finite(f.Vdop) ? nameof(Fix.Vdop)
        : !Finite(f.HorizontalAccuracy) ? nameof(Fix.HorizontalAccuracy)
        : !Finite(f.VerticalAccuracy) ? nameof(Fix.VerticalAccuracy)
        : !Finite(f.SpeedMps) ? nameof(Fix.SpeedMps)
        : !Finite(f.CourseDeg) ? nameof(Fix.CourseDeg)
        : null;

    private static string? Negative(in Fix f) =>
        f.Hdop < 0 ? nameof(Fix.Hdop)
        : f.Pdop < 0 ? nameof(Fix.Pdop)
        : f.Vdop < 0 ? nameof(Fix.Vdop)
        : f.HorizontalAccuracy < 0 ? nameof(Fix.HorizontalAccuracy)
        : f.VerticalAccuracy < 0 ? nameof(Fix.VerticalAccuracy)
        : f.SatellitesUsed < 0 ? nameof(Fix.SatellitesUsed)
        : null;

    private static bool Finite(double? value) => value is not { } v || double.IsFinite(v);
}
