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

        var fields = new NmeaFields(sentence[1..star], _fieldStarts);
        if (fields.Xor != expected)
        {
            _counters.Increment(GnssCounter.RejectedChecksumWrong);
            return;
        }

        if (_echo)
        {
            _sink.OnSentence(sentence);
        }

        switch (NmeaAddress.Classify(sentence[0], fields[0], out var talker, out var type))
        {
            case NmeaAddress.Kind.Proprietary:
                _counters.Increment(GnssCounter.ProprietarySentences);
                return;
            case NmeaAddress.Kind.UnsupportedTalker:
                _counters.Increment(GnssCounter.RejectedUnsupportedTalker);
                return;
            case NmeaAddress.Kind.UnsupportedType:
                _counters.Increment(GnssCounter.RejectedUnsupportedType);
                return;
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
