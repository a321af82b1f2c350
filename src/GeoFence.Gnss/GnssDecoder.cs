using GeoFence.Gnss.Epochs;
using GeoFence.Gnss.Lexing;
using GeoFence.Gnss.Nmea;
using GeoFence.Gnss.Ubx;

namespace GeoFence.Gnss;

/// <summary>
/// Receiver bytes in, one <see cref="Fix"/> per receiver epoch out: lexer → strict NMEA/UBX decoders → epoch assembly.
/// Single-threaded: call Feed/Poll/Complete from one thread; <see cref="Counters"/> may be read from any thread.
/// </summary>
public sealed class GnssDecoder : IFrameHandler
{
    private readonly FrameLexer _lexer;
    private readonly NmeaSentenceDecoder _nmea;
    private readonly UbxMessageDecoder _ubx;
    private readonly EpochAssembler _epochs;

    /// <summary>Creates a decoder that reports to <paramref name="sink"/>.</summary>
    public GnssDecoder(GnssOptions options, IGnssSink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Counters = new GnssCounters();
        _epochs = new EpochAssembler(options, Counters, sink);
        _nmea = new NmeaSentenceDecoder(options, Counters, _epochs, sink);
        _ubx = new UbxMessageDecoder(Counters, _epochs);
        _lexer = new FrameLexer(options.MaxSentenceLength, options.MaxFrameLength, Counters, this);
    }

    /// <summary>Counters of bytes, frames, accepted and rejected sentences, epochs and fixes.</summary>
    public GnssCounters Counters { get; }

    /// <summary>Observed receiver epoch interval (the default until two epochs were seen).</summary>
    public TimeSpan EpochInterval => _epochs.EpochInterval;

    /// <summary>Consumes a chunk of receiver bytes that arrived at <paramref name="arrivalTimestamp"/> (TimeProvider.GetTimestamp()).</summary>
    public void Feed(ReadOnlySpan<byte> bytes, long arrivalTimestamp) => _lexer.Feed(bytes, arrivalTimestamp);

    /// <summary>True while an epoch has data and is not yet closed (only then can <see cref="Poll"/> close anything).</summary>
    public bool HasPendingEpoch => _epochs.HasPending;

    /// <summary>Closes the pending epoch if its timeout (EpochTimeoutFactor × observed interval after its first byte) has passed.</summary>
    public void Poll(long nowTimestamp) => _epochs.Poll(nowTimestamp);

    /// <summary>End of stream: drops an unfinished frame and closes the pending epoch.</summary>
    public void Complete()
    {
        _lexer.Complete();
        _epochs.Complete();
    }

    void IFrameHandler.OnNmeaSentence(ReadOnlySpan<byte> sentence, ReadOnlySpan<int> fieldStarts, int xorAfterLead, long firstByteTimestamp) =>
        _nmea.Decode(sentence, fieldStarts, xorAfterLead, firstByteTimestamp);

    void IFrameHandler.OnUbxFrame(byte messageClass, byte messageId, ReadOnlySpan<byte> payload, long firstByteTimestamp) =>
        _ubx.Decode(messageClass, messageId, payload, firstByteTimestamp);
}
