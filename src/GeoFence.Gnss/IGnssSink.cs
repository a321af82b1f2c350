namespace GeoFence.Gnss;

/// <summary>Receives the output of a <see cref="GnssDecoder"/> on the decoding thread.</summary>
public interface IGnssSink
{
    /// <summary>Called once per closed, dated, not yet emitted receiver epoch.</summary>
    void OnFix(in Fix fix);

    /// <summary>Called for every NMEA sentence that passed lexer and checksum (without CR/LF) when echo is on.</summary>
    void OnSentence(ReadOnlySpan<byte> sentence)
    {
    }
}
