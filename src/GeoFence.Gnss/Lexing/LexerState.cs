namespace GeoFence.Gnss.Lexing;

/// <summary>States of the byte-driven <see cref="FrameLexer"/>.</summary>
internal enum LexerState
{
    /// <summary>Between frames, looking for a lead byte.</summary>
    Hunting,

    /// <summary>Inside an NMEA sentence.</summary>
    Sentence,

    /// <summary>Discarding the rest of an overlong sentence.</summary>
    SkippingOverlong,

    /// <summary>Inside a <c>#</c> comment line.</summary>
    Comment,

    /// <summary>After UBX sync char 1 (0xB5), expecting 0x62.</summary>
    UbxSync,

    /// <summary>Collecting UBX class, id and length.</summary>
    UbxHeader,

    /// <summary>Collecting UBX payload and checksum.</summary>
    UbxBody,

    /// <summary>After RTCM3 preamble (0xD3), expecting 6 zero bits and the length's top bits.</summary>
    RtcmLengthHigh,

    /// <summary>Expecting the RTCM3 length's low byte.</summary>
    RtcmLengthLow,

    /// <summary>Collecting RTCM3 payload and CRC.</summary>
    RtcmBody,
}
