namespace GeoFence.Gnss;

/// <summary>Names of the counters kept by <see cref="GnssCounters"/>.</summary>
public enum GnssCounter
{
    /// <summary>Bytes fed to the decoder.</summary>
    Bytes,

    /// <summary>Bytes that belonged to no frame (noise, broken or truncated frames).</summary>
    GarbageBytes,

    /// <summary>Complete NMEA sentences delimited by the lexer (before checksum).</summary>
    NmeaFrames,

    /// <summary>UBX frames with a valid checksum.</summary>
    UbxFrames,

    /// <summary>RTCM3 frames with a valid CRC-24Q (recognised, not decoded).</summary>
    Rtcm3Frames,

    /// <summary><c>#</c> comment lines (capture headers).</summary>
    CommentLines,

    /// <summary>Accepted GGA sentences.</summary>
    AcceptedGga,

    /// <summary>Accepted RMC sentences.</summary>
    AcceptedRmc,

    /// <summary>Accepted GLL sentences.</summary>
    AcceptedGll,

    /// <summary>Accepted GNS sentences.</summary>
    AcceptedGns,

    /// <summary>Accepted GSA sentences.</summary>
    AcceptedGsa,

    /// <summary>Accepted GSV sentences.</summary>
    AcceptedGsv,

    /// <summary>Accepted GST sentences.</summary>
    AcceptedGst,

    /// <summary>Accepted VTG sentences.</summary>
    AcceptedVtg,

    /// <summary>Accepted ZDA sentences.</summary>
    AcceptedZda,

    /// <summary>Proprietary <c>$P...</c> sentences: checksum valid, counted, not decoded.</summary>
    ProprietarySentences,

    /// <summary>Sentences rejected: no checksum.</summary>
    RejectedChecksumMissing,

    /// <summary>Sentences rejected: checksum not two hex digits at the end.</summary>
    RejectedChecksumMalformed,

    /// <summary>Sentences rejected: checksum does not match.</summary>
    RejectedChecksumWrong,

    /// <summary>Sentences rejected: a field is missing, malformed or out of range.</summary>
    RejectedInvalidField,

    /// <summary>Sentences rejected: longer than the configured maximum.</summary>
    RejectedTooLong,

    /// <summary>Sentences dropped: cut short by a new lead character or a control byte.</summary>
    RejectedTruncated,

    /// <summary>Sentences not decoded: talker not supported (AIS, instruments, ...).</summary>
    RejectedUnsupportedTalker,

    /// <summary>Sentences not decoded: sentence type not supported.</summary>
    RejectedUnsupportedType,

    /// <summary>UBX frames dropped: Fletcher checksum wrong.</summary>
    UbxChecksumWrong,

    /// <summary>UBX frames dropped: declared length above the frame cap.</summary>
    UbxOversize,

    /// <summary>UBX frames with a valid checksum but a class/id not decoded (or a short payload).</summary>
    UbxUnknown,

    /// <summary>UBX navigation messages rejected for an out-of-range field.</summary>
    UbxInvalidField,

    /// <summary>RTCM3 frames dropped: CRC-24Q wrong.</summary>
    Rtcm3CrcWrong,

    /// <summary>RTCM3 frames dropped: longer than the frame cap.</summary>
    Rtcm3Oversize,

    /// <summary>Epochs emitted as a fix.</summary>
    Epochs,

    /// <summary>Epochs closed without any date source (no RMC/ZDA/UBX date yet): no fix emitted.</summary>
    UndatedEpochs,

    /// <summary>Epochs whose time had already been emitted (time went back, late sentences): not emitted again.</summary>
    DuplicateEpochs,

    /// <summary>Epochs that carried no time at all: discarded.</summary>
    TimelessEpochs,

    /// <summary>Dates older than the plausible minimum even after rollover correction: ignored.</summary>
    ImplausibleDates,

    /// <summary>Epochs closed by <see cref="GnssDecoder.Poll"/> because the timeout passed.</summary>
    EpochTimeouts,

    /// <summary>Fixes emitted with quality None.</summary>
    FixesNone,

    /// <summary>Fixes emitted with quality Gnss.</summary>
    FixesGnss,

    /// <summary>Fixes emitted with quality Dgnss.</summary>
    FixesDgnss,

    /// <summary>Fixes emitted with quality Pps.</summary>
    FixesPps,

    /// <summary>Fixes emitted with quality RtkFixed.</summary>
    FixesRtkFixed,

    /// <summary>Fixes emitted with quality RtkFloat.</summary>
    FixesRtkFloat,

    /// <summary>Fixes emitted with quality DeadReckoning.</summary>
    FixesDeadReckoning,

    /// <summary>Fixes emitted with quality Manual.</summary>
    FixesManual,

    /// <summary>Fixes emitted with quality Simulated.</summary>
    FixesSimulated,
}
