using GeoFence.Gnss.Epochs;

namespace GeoFence.Gnss.Nmea;

/// <summary>Checks, classifies and decodes one NMEA sentence and hands what it says to the epoch assembler.</summary>
internal sealed class NmeaSentenceDecoder
{
    private readonly GnssCounters _counters;
    private readonly EpochAssembler _epochs;
    private readonly IGnssSink _sink;
    private readonly bool _echo;
    private readonly int[] _fieldStarts;

    /// <summary>Creates a decoder with its fixed field-index scratch.</summary>
    public NmeaSentenceDecoder(GnssOptions options, GnssCounters counters, EpochAssembler epochs, IGnssSink sink)
    {
        _counters = counters;
        _epochs = epochs;
        _sink = sink;
        _echo = options.EchoSentences;
        _fieldStarts = new int[options.MaxSentenceLength + 2];
    }

    /// <summary>Decodes a sentence (lead character to end, no CR/LF).</summary>
    public void Decode(ReadOnlySpan<byte> sentence, long firstByteTimestamp)
    {
        switch (NmeaChecksum.CheckFormat(sentence, out var star, out var expected))
        {
            case NmeaChecksum.Result.Missing:
                _counters.Increment(GnssCounter.RejectedChecksumMissing);
                return;
            case NmeaChecksum.Result.Malformed:
                _counters.Increment(GnssCounter.RejectedChecksumMalformed);
                return;
        }

        // The address decides whether the fields are needed at all; it is classified first (no side effect), so a
        // sentence that is only counted gets the checksum alone, while the counting order stays: checksum, echo, kind.
        var body = sentence[1..star];
        var kind = NmeaAddress.Classify(sentence[0], Address(body), out var talker, out var type);
        if (kind != NmeaAddress.Kind.Supported)
        {
            if (NmeaChecksum.Xor(body) != expected)
            {
                _counters.Increment(GnssCounter.RejectedChecksumWrong);
                return;
            }

            if (_echo)
            {
                _sink.OnSentence(sentence);
            }

            _counters.Increment(kind switch
            {
                NmeaAddress.Kind.Proprietary => GnssCounter.ProprietarySentences,
                NmeaAddress.Kind.UnsupportedTalker => GnssCounter.RejectedUnsupportedTalker,
                _ => GnssCounter.RejectedUnsupportedType,
            });
            return;
        }

        var fields = new NmeaFields(body, _fieldStarts);
        if (fields.Xor != expected)
        {
            _counters.Increment(GnssCounter.RejectedChecksumWrong);
            return;
        }

        if (_echo)
        {
            _sink.OnSentence(sentence);
        }

        var data = default(SentenceData);
        data.Reset();
        var valid = TryParse(type, fields, ref data);
        if (!valid)
        {
            _counters.Increment(GnssCounter.RejectedInvalidField);
            return;
        }

        _counters.Increment(GnssCounter.AcceptedGga + (int)type);
        var key = (((talker * 16) + (int)type) * 32) + data.Variant;
        _epochs.Add(ref data, key, firstByteTimestamp, fromUbx: false);
    }

    /// <summary>Field 0 of a body: the bytes before its first comma (all of it without one).</summary>
    private static ReadOnlySpan<byte> Address(ReadOnlySpan<byte> body)
    {
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == (byte)',')
            {
                return body[..i];
            }
        }

        return body;
    }

    /// <summary>Validates the fields of a sentence of a supported type; on success fills <paramref name="data"/>.</summary>
    public static bool TryParse(NmeaSentenceType type, in NmeaFields fields, ref SentenceData data) => type switch
    {
        NmeaSentenceType.Gga => GgaParser.TryParse(fields, ref data),
        NmeaSentenceType.Rmc => RmcParser.TryParse(fields, ref data),
        NmeaSentenceType.Gll => GllParser.TryParse(fields, ref data),
        NmeaSentenceType.Gns => GnsParser.TryParse(fields, ref data),
        NmeaSentenceType.Gsa => GsaParser.TryParse(fields, ref data),
        NmeaSentenceType.Gsv => GsvParser.TryParse(fields, ref data),
        NmeaSentenceType.Gst => GstParser.TryParse(fields, ref data),
        NmeaSentenceType.Vtg => VtgParser.TryParse(fields, ref data),
        _ => ZdaParser.TryParse(fields, ref data),
    };
}
