using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using GeoFence.Gnss.Epochs;

namespace GeoFence.Gnss.Nmea;

/// <summary>Checks, classifies and decodes one NMEA sentence and hands what it says to the epoch assembler.</summary>
internal sealed class NmeaSentenceDecoder
{
    private readonly GnssCounters _counters;
    private readonly EpochAssembler _epochs;
    private readonly IGnssSink _sink;
    private readonly bool _echo;

    /// <summary>Creates a decoder reporting to the epoch assembler and the sink.</summary>
    public NmeaSentenceDecoder(GnssOptions options, GnssCounters counters, EpochAssembler epochs, IGnssSink sink)
    {
        _counters = counters;
        _epochs = epochs;
        _sink = sink;
        _echo = options.EchoSentences;
    }

    /// <summary>
    /// Decodes a sentence (lead character to end, no CR/LF) with the lexer's scan of it: the field starts and the XOR
    /// of every byte after the lead character (see <see cref="Lexing.SentenceScanner"/>).
    /// </summary>
    public void Decode(ReadOnlySpan<byte> sentence, ReadOnlySpan<int> fieldStarts, int xorAfterLead, long firstByteTimestamp)
    {
        // The usual case first: "*hh" ends the sentence. Anything else is looked at by CheckFormat (never valid then).
        var star = sentence.Length - 3;
        ref var lead = ref MemoryMarshal.GetReference(sentence);
        if (star < 1 || Unsafe.Add(ref lead, star) != (byte)'*')
        {
            _counters.Increment(NmeaChecksum.CheckFormat(sentence, out _, out _) == NmeaChecksum.Result.Missing
                ? GnssCounter.RejectedChecksumMissing
                : GnssCounter.RejectedChecksumMalformed);
            return;
        }

        // star + 2 is the last byte of the sentence.
        var high = Unsafe.Add(ref lead, star + 1);
        var low = Unsafe.Add(ref lead, star + 2);
        var expected = NmeaChecksum.DigitsValue(high, low);
        if (expected < 0)
        {
            _counters.Increment(GnssCounter.RejectedChecksumMalformed);
            return;
        }

        // The XOR of the body is the lexer's XOR without the '*' and the two hex digits; no comma lies after the '*'.
        if ((xorAfterLead ^ '*' ^ high ^ low) != expected)
        {
            _counters.Increment(GnssCounter.RejectedChecksumWrong);
            return;
        }

        var fields = NmeaFields.FromScan(sentence, fieldStarts);
        var kind = NmeaAddress.Classify(sentence[0], fields[0], out var talker, out var type);
        if (_echo)
        {
            _sink.OnSentence(sentence);
        }

        if (kind != NmeaAddress.Kind.Supported)
        {
            _counters.Increment(kind switch
            {
                NmeaAddress.Kind.Proprietary => GnssCounter.ProprietarySentences,
                NmeaAddress.Kind.UnsupportedTalker => GnssCounter.RejectedUnsupportedTalker,
                _ => GnssCounter.RejectedUnsupportedType,
            });
            return;
        }

        if (type == NmeaSentenceType.Gsv)
        {
            // The most frequent sentence contributes no values: no value record to clear and merge.
            if (!GsvParser.TryParse(fields, out var canEndCycle))
            {
                _counters.Increment(GnssCounter.RejectedInvalidField);
                return;
            }

            _counters.Increment(GnssCounter.AcceptedGsv);
            _epochs.AddValueless(((talker * 16) + (int)NmeaSentenceType.Gsv) * 32, canEndCycle, firstByteTimestamp);
            return;
        }

        // Reset writes every field: no zeroing before it.
        Unsafe.SkipInit(out SentenceData data);
        data.Reset();
        var valid = TryParse(type, fields, ref data);
        if (!valid)
        {
            _counters.Increment(GnssCounter.RejectedInvalidField);
            return;
        }

        _counters.Increment(GnssCounter.AcceptedGga + (int)type);
        var key = (((talker * 16) + (int)type) * 32) + data.Variant;
        _epochs.Add(ref data, key, firstByteTimestamp, fromUbx: false, (SentenceContents)ContentsOfType[(int)type]);
    }

    /// <summary>The value groups each sentence type can set (by <see cref="NmeaSentenceType"/>; see its parser).</summary>
    private static ReadOnlySpan<byte> ContentsOfType =>
    [
        (byte)(SentenceContents.Position | SentenceContents.Heights | SentenceContents.Dops), // GGA
        (byte)(SentenceContents.Position | SentenceContents.Motion), // RMC
        (byte)SentenceContents.Position, // GLL
        (byte)(SentenceContents.Position | SentenceContents.Heights | SentenceContents.Dops), // GNS
        (byte)SentenceContents.Dops, // GSA
        (byte)SentenceContents.None, // GSV
        (byte)SentenceContents.Accuracy, // GST
        (byte)SentenceContents.Motion, // VTG
        (byte)SentenceContents.None, // ZDA
    ];

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
