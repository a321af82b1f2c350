namespace GeoFence.Gnss.Lexing;

/// <summary>Receives the frames delimited by <see cref="FrameLexer"/>.</summary>
internal interface IFrameHandler
{
    /// <summary>An NMEA sentence from its lead character to the end, CR/LF removed; checksum not yet verified.</summary>
    void OnNmeaSentence(ReadOnlySpan<byte> sentence, long firstByteTimestamp);

    /// <summary>A UBX frame whose Fletcher checksum is valid.</summary>
    void OnUbxFrame(byte messageClass, byte messageId, ReadOnlySpan<byte> payload, long firstByteTimestamp);
}
