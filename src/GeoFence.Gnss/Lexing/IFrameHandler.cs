namespace GeoFence.Gnss.Lexing;

/// <summary>Receives the frames delimited by <see cref="FrameLexer"/>.</summary>
internal interface IFrameHandler
{
    /// <summary>
    /// An NMEA sentence from its lead character to the end, CR/LF removed; checksum not yet verified. The lexer's scan
    /// comes with it: <paramref name="fieldStarts"/> (see <see cref="SentenceScanner.FieldStarts"/>) and the XOR of
    /// every byte after the lead character.
    /// </summary>
    void OnNmeaSentence(ReadOnlySpan<byte> sentence, ReadOnlySpan<int> fieldStarts, int xorAfterLead, long firstByteTimestamp);

    /// <summary>A UBX frame whose Fletcher checksum is valid.</summary>
    void OnUbxFrame(byte messageClass, byte messageId, ReadOnlySpan<byte> payload, long firstByteTimestamp);
}
