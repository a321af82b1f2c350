using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GeoFence.Gnss.Lexing;

/// <summary>One byte-driven state machine that splits a receiver byte stream into NMEA, UBX, RTCM3 and comment frames.</summary>
/// <remarks>Bounded: one buffer allocated at construction. Bytes outside any frame are counted as garbage.</remarks>
internal sealed class FrameLexer
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte UbxSync1 = 0xB5;
    private const byte UbxSync2 = 0x62;
    private const byte RtcmPreamble = 0xD3;

    private static readonly SearchValues<byte> LeadBytes = SearchValues.Create("$!#"u8.ToArray().Append(UbxSync1).Append(RtcmPreamble).ToArray());
    private static readonly SearchValues<byte> CommentEnds = SearchValues.Create("\r\n$"u8);

    private readonly byte[] _buffer;
    private readonly int _maxSentenceLength;
    private readonly int _maxFrameLength;
    private readonly GnssCounters _counters;
    private readonly IFrameHandler _handler;
    private readonly SentenceScanner _scanner;

    private byte[] _replay;
    private byte[] _replayScratch;
    private int _replayLength;
    private LexerState _state;
    private bool _lineStart = true;
    private int _length;
    private int _expected;
    private long _frameTimestamp;

    /// <summary>Creates a lexer with its fixed buffer.</summary>
    public FrameLexer(int maxSentenceLength, int maxFrameLength, GnssCounters counters, IFrameHandler handler)
    {
        _maxSentenceLength = maxSentenceLength;
        _maxFrameLength = maxFrameLength;
        _buffer = new byte[Math.Max(maxSentenceLength, maxFrameLength) + 8];
        _replay = new byte[_buffer.Length * 2];
        _replayScratch = new byte[_buffer.Length * 2];
        _counters = counters;
        _handler = handler;
        _scanner = new SentenceScanner(maxSentenceLength);
    }

    /// <summary>Current state (for tests).</summary>
    public LexerState State => _state;

    /// <summary>Consumes a chunk of bytes that arrived at <paramref name="timestamp"/>.</summary>
    public void Feed(ReadOnlySpan<byte> data, long timestamp)
    {
        _counters.Add(GnssCounter.Bytes, data.Length);
        var i = 0;
        while (true)
        {
            // Bytes of a failed binary frame after its lead byte are lexed again before the rest of the input,
            // so a false UBX/RTCM3 start inside noise never swallows the sentences that follow it.
            while (_replayLength > 0)
            {
                (_replay, _replayScratch) = (_replayScratch, _replay);
                var replay = _replayScratch.AsSpan(0, _replayLength);
                _replayLength = 0;
                var j = 0;
                while (j < replay.Length)
                {
                    j = Run(replay, j, timestamp, zeroCopy: false);
                    if (_replayLength > 0 && j < replay.Length)
                    {
                        // Another false start inside the replay: its rest goes after the new replay.
                        replay[j..].CopyTo(_replay.AsSpan(_replayLength));
                        _replayLength += replay.Length - j;
                        j = replay.Length;
                    }
                }
            }

            if (i >= data.Length)
            {
                return;
            }

            i = Run(data, i, timestamp, zeroCopy: true);
        }
    }

    private int Run(ReadOnlySpan<byte> data, int i, long timestamp, bool zeroCopy)
    {
        var sentenceStart = -1; // start of the current sentence inside data (zero copy), -1 when it is in _buffer
        while (i < data.Length && _replayLength == 0)
        {
            switch (_state)
            {
                case LexerState.Hunting:
                    i = Hunt(data, i, timestamp, ref sentenceStart);
                    if (!zeroCopy && sentenceStart >= 0)
                    {
                        _buffer[0] = data[sentenceStart];
                        _length = 1;
                        sentenceStart = -1;
                    }

                    break;
                case LexerState.Sentence:
                    i = ContinueSentence(data, i, timestamp, ref sentenceStart, zeroCopy);
                    if (!zeroCopy && sentenceStart >= 0)
                    {
                        _buffer[0] = data[sentenceStart];
                        _length = 1;
                        sentenceStart = -1;
                    }

                    break;
                case LexerState.SkippingOverlong:
                    i = SkipOverlong(data, i, timestamp, ref sentenceStart);
                    if (!zeroCopy && sentenceStart >= 0)
                    {
                        _buffer[0] = data[sentenceStart];
                        _length = 1;
                        sentenceStart = -1;
                    }

                    break;
                case LexerState.Comment:
                    i = ContinueComment(data, i, timestamp, ref sentenceStart);
                    if (!zeroCopy && sentenceStart >= 0)
                    {
                        _buffer[0] = data[sentenceStart];
                        _length = 1;
                        sentenceStart = -1;
                    }

                    break;
                case LexerState.UbxSync:
                    if (data[i] == UbxSync2)
                    {
                        i++;
                        _length = 0;
                        _expected = 4;
                        _state = LexerState.UbxHeader;
                    }
                    else
                    {
                        DropToHunting(1); // the 0xB5; the current byte is looked at again
                    }

                    break;
                case LexerState.UbxHeader:
                    i = Collect(data, i);
                    if (_length == _expected)
                    {
                        var payloadLength = _buffer[2] | (_buffer[3] << 8);
                        if (payloadLength + 8 > _maxFrameLength)
                        {
                            _counters.Increment(GnssCounter.UbxOversize);
                            Replay(UbxSync2, _buffer.AsSpan(0, 4));
                        }
                        else
                        {
                            _expected = 4 + payloadLength + 2;
                            _state = LexerState.UbxBody;
                        }
                    }

                    break;
                case LexerState.UbxBody:
                    i = Collect(data, i);
                    if (_length == _expected && !FinishUbx())
                    {
                        Replay(UbxSync2, _buffer.AsSpan(0, _length));
                    }

                    break;
                case LexerState.RtcmLengthHigh:
                    if ((data[i] & 0xFC) != 0)
                    {
                        DropToHunting(1);
                    }
                    else
                    {
                        _buffer[_length++] = data[i++];
                        _state = LexerState.RtcmLengthLow;
                    }

                    break;
                case LexerState.RtcmLengthLow:
                    _buffer[_length++] = data[i++];
                    _expected = 3 + (((_buffer[1] & 0x03) << 8) | _buffer[2]) + 3;
                    if (_expected > _maxFrameLength)
                    {
                        _counters.Increment(GnssCounter.Rtcm3Oversize);
                        Replay(null, _buffer.AsSpan(1, _length - 1)); // as a failed frame: the bytes after D3 are lexed again
                    }
                    else
                    {
                        _state = LexerState.RtcmBody;
                    }

                    break;
                case LexerState.RtcmBody:
                    i = Collect(data, i);
                    if (_length == _expected && !FinishRtcm())
                    {
                        Replay(null, _buffer.AsSpan(1, _length - 1));
                    }

                    break;
                default:
                    throw new InvalidOperationException("unknown lexer state");
            }
        }

        if (_state == LexerState.Sentence && sentenceStart >= 0)
        {
            var partial = data[sentenceStart..];
            partial.CopyTo(_buffer);
            _length = partial.Length;
        }

        return i;
    }

    /// <summary>Drops a failed binary frame: its lead byte is garbage, the bytes after it are lexed again.</summary>
    private void Replay(byte? first, ReadOnlySpan<byte> frameRest)
    {
        var target = _replay.AsSpan();
        var n = 0;
        if (first is { } b)
        {
            target[n++] = b;
        }

        frameRest.CopyTo(target[n..]);
        _replayLength = n + frameRest.Length;
        _state = LexerState.Hunting;
        _length = 0;
        _counters.Add(GnssCounter.GarbageBytes, 1);
    }

    /// <summary>End of stream: an open binary frame is given up (its bytes lexed again), an open sentence is dropped.</summary>
    public void Complete()
    {
        while (_state is LexerState.UbxSync or LexerState.UbxHeader or LexerState.UbxBody
               or LexerState.RtcmLengthHigh or LexerState.RtcmLengthLow or LexerState.RtcmBody)
        {
            switch (_state)
            {
                case LexerState.UbxSync:
                    DropToHunting(1);
                    break;
                case LexerState.UbxHeader or LexerState.UbxBody:
                    Replay(UbxSync2, _buffer.AsSpan(0, _length));
                    break;
                default:
                    Replay(null, _buffer.AsSpan(1, _length - 1));
                    break;
            }

            Feed([], _frameTimestamp);
        }

        switch (_state)
        {
            case LexerState.Comment:
                _counters.Increment(GnssCounter.CommentLines);
                break;
            case LexerState.Sentence:
                _counters.Increment(GnssCounter.RejectedTruncated);
                _counters.Add(GnssCounter.GarbageBytes, _length);
                break;
        }

        _state = LexerState.Hunting;
        _length = 0;
        _lineStart = true;
    }

    /// <summary>Index of the first byte that cannot continue a sentence (control, non-ASCII or '$'), or -1.</summary>
    /// <remarks>One vectorised pass: a byte stops the sentence when (byte - 0x20) &gt; 0x5E unsigned, or it is '$'.</remarks>
    private static int EndOfSentenceText(ReadOnlySpan<byte> rest)
    {
        var i = 0;
        ref var first = ref MemoryMarshal.GetReference(rest);
        if (Vector256.IsHardwareAccelerated)
        {
            var space = Vector256.Create((byte)0x20);
            var span = Vector256.Create((byte)(0x7E - 0x20));
            var dollar = Vector256.Create((byte)'$');
            for (; i + 32 <= rest.Length; i += 32)
            {
                var chunk = Vector256.LoadUnsafe(ref first, (nuint)i);
                var stop = Vector256.GreaterThan(chunk - space, span) | Vector256.Equals(chunk, dollar);
                if (stop != Vector256<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(stop.ExtractMostSignificantBits());
                }
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            var space = Vector128.Create((byte)0x20);
            var span = Vector128.Create((byte)(0x7E - 0x20));
            var dollar = Vector128.Create((byte)'$');
            for (; i + 16 <= rest.Length; i += 16)
            {
                var chunk = Vector128.LoadUnsafe(ref first, (nuint)i);
                var stop = Vector128.GreaterThan(chunk - space, span) | Vector128.Equals(chunk, dollar);
                if (stop != Vector128<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(stop.ExtractMostSignificantBits());
                }
            }
        }

        for (; i < rest.Length; i++)
        {
            var c = rest[i];
            if ((uint)(c - 0x20) > 0x7E - 0x20 || c == (byte)'$')
            {
                return i;
            }
        }

        return -1;
    }

    private int Hunt(ReadOnlySpan<byte> data, int i, long timestamp, ref int sentenceStart)
    {
        if (data[i] == (byte)'$')
        {
            // The common case: the next sentence follows the previous line end directly.
            _lineStart = false;
            _frameTimestamp = timestamp;
            _length = 0;
            _state = LexerState.Sentence;
            _scanner.Begin();
            sentenceStart = i;
            return i + 1;
        }

        var rest = data[i..];
        var found = rest.IndexOfAny(LeadBytes);
        var skipped = found < 0 ? rest : rest[..found];
        if (!skipped.IsEmpty)
        {
            CountGarbage(skipped);
            _lineStart = skipped[^1] is Cr or Lf;
        }

        if (found < 0)
        {
            return data.Length;
        }

        i += found;
        if (data[i] == (byte)'#' && !_lineStart)
        {
            // '#' starts a comment only at the beginning of a line; elsewhere it is noise.
            _counters.Add(GnssCounter.GarbageBytes, 1);
            return i + 1;
        }

        _lineStart = false;
        _frameTimestamp = timestamp;
        _length = 0;
        switch (data[i])
        {
            case (byte)'$' or (byte)'!':
                _state = LexerState.Sentence;
                _scanner.Begin();
                sentenceStart = i;
                break;
            case (byte)'#':
                _state = LexerState.Comment;
                _length = 1;
                break;
            case UbxSync1:
                _state = LexerState.UbxSync;
                break;
            default:
                _buffer[0] = RtcmPreamble;
                _length = 1;
                _state = LexerState.RtcmLengthHigh;
                break;
        }

        return i + 1;
    }

    private int ContinueSentence(ReadOnlySpan<byte> data, int i, long timestamp, ref int sentenceStart, bool zeroCopy)
    {
        while (true)
        {
            // One pass finds the end of the sentence text, folds its checksum and records its field starts
            // (SentenceScanner); it looks at no more bytes than the length limit allows.
            var rest = data[i..];
            var soFar = sentenceStart >= 0 ? i - sentenceStart : _length;
            var room = _maxSentenceLength - soFar;
            var stop = _scanner.Scan(rest, room + 1, soFar);
            if (stop < 0 && rest.Length > room)
            {
                _counters.Increment(GnssCounter.RejectedTooLong);
                sentenceStart = -1;
                _length = 0;
                _state = LexerState.SkippingOverlong;
                return i + room + 1;
            }

            var take = stop < 0 ? rest.Length : stop;
            if (sentenceStart < 0)
            {
                rest[..take].CopyTo(_buffer.AsSpan(_length));
                _length += take;
            }

            i += take;
            if (stop < 0)
            {
                return i;
            }

            // stop >= 0: the stop byte lies inside data.
            ref var first = ref MemoryMarshal.GetReference(data);
            var stopByte = Unsafe.Add(ref first, i);
            if (stopByte is Cr or Lf)
            {
                var sentence = sentenceStart >= 0 ? data[sentenceStart..i] : _buffer.AsSpan(0, _length);
                _state = LexerState.Hunting;
                sentenceStart = -1;
                _length = 0;
                _counters.Increment(GnssCounter.NmeaFrames);
                _lineStart = true;
                _handler.OnNmeaSentence(sentence, _scanner.FieldStarts(sentence.Length), _scanner.Xor, _frameTimestamp);
                var next = stopByte == Cr && i + 1 < data.Length && Unsafe.Add(ref first, i + 1) == Lf ? i + 2 : i + 1;
                if (!zeroCopy || next >= data.Length || Unsafe.Add(ref first, next) != (byte)'$')
                {
                    return next;
                }

                // The common case: the next sentence follows the line end directly; start it here (as Hunt would)
                // rather than through the state switch.
                _lineStart = false;
                _frameTimestamp = timestamp;
                _state = LexerState.Sentence;
                _scanner.Begin();
                sentenceStart = next;
                i = next + 1;
                continue;
            }

            // A new '$' restarts the sentence; any other byte ends it and is looked at again while hunting.
            _counters.Increment(GnssCounter.RejectedTruncated);
            _counters.Add(GnssCounter.GarbageBytes, sentenceStart >= 0 ? i - sentenceStart : _length);
            _length = 0;
            if (stopByte == (byte)'$')
            {
                _frameTimestamp = timestamp;
                _scanner.Begin();
                sentenceStart = i;
                return i + 1;
            }

            sentenceStart = -1;
            _state = LexerState.Hunting;
            return i;
        }
    }

    private int SkipOverlong(ReadOnlySpan<byte> data, int i, long timestamp, ref int sentenceStart)
    {
        var rest = data[i..];
        var stop = EndOfSentenceText(rest);
        if (stop < 0)
        {
            return data.Length;
        }

        i += stop;
        var stopByte = data[i];
        if (stopByte is Cr or Lf)
        {
            _state = LexerState.Hunting;
            _lineStart = true;
            return i + 1;
        }

        if (stopByte == (byte)'$')
        {
            _frameTimestamp = timestamp;
            _state = LexerState.Sentence;
            _length = 0;
            _scanner.Begin();
            sentenceStart = i;
            return i + 1;
        }

        _state = LexerState.Hunting;
        return i;
    }

    private int ContinueComment(ReadOnlySpan<byte> data, int i, long timestamp, ref int sentenceStart)
    {
        var rest = data[i..];
        var end = rest.IndexOfAny(CommentEnds);
        var take = end < 0 ? rest.Length : end;
        var room = _maxFrameLength - _length;
        if (take > room)
        {
            // Not a comment after all (or an absurd one): the bytes up to the cap are garbage, hunting resumes right
            // after them, at the same byte however the stream was split into chunks (fuzz finding).
            _counters.Add(GnssCounter.GarbageBytes, _length + room);
            _length = 0;
            _state = LexerState.Hunting;
            return i + room;
        }

        _length += take;

        if (end < 0)
        {
            return data.Length;
        }

        _counters.Increment(GnssCounter.CommentLines);
        _length = 0;
        i += end;
        if (data[i] == (byte)'$')
        {
            // A comment never hides a sentence: '$' ends it.
            _frameTimestamp = timestamp;
            _state = LexerState.Sentence;
            _scanner.Begin();
            sentenceStart = i;
            return i + 1;
        }

        _state = LexerState.Hunting;
        _lineStart = true;
        return i + 1;
    }

    private int Collect(ReadOnlySpan<byte> data, int i)
    {
        var count = Math.Min(_expected - _length, data.Length - i);
        data.Slice(i, count).CopyTo(_buffer.AsSpan(_length));
        _length += count;
        return i + count;
    }

    private bool FinishUbx()
    {
        var payloadLength = _expected - 6;
        byte a = 0;
        byte b = 0;
        foreach (var x in _buffer.AsSpan(0, 4 + payloadLength))
        {
            a += x;
            b += a;
        }

        if (a != _buffer[4 + payloadLength] || b != _buffer[5 + payloadLength])
        {
            _counters.Increment(GnssCounter.UbxChecksumWrong);
            return false;
        }

        _state = LexerState.Hunting;
        _length = 0;
        _counters.Increment(GnssCounter.UbxFrames);
        _handler.OnUbxFrame(_buffer[0], _buffer[1], _buffer.AsSpan(4, payloadLength), _frameTimestamp);
        return true;
    }

    private bool FinishRtcm()
    {
        var body = _buffer.AsSpan(0, _expected - 3);
        var crc = (uint)((_buffer[_expected - 3] << 16) | (_buffer[_expected - 2] << 8) | _buffer[_expected - 1]);
        if (Crc24Q.Compute(body) != crc)
        {
            _counters.Increment(GnssCounter.Rtcm3CrcWrong);
            return false;
        }

        _counters.Increment(GnssCounter.Rtcm3Frames);
        _state = LexerState.Hunting;
        _length = 0;
        return true;
    }

    private void DropToHunting(int garbageBytes)
    {
        _counters.Add(GnssCounter.GarbageBytes, garbageBytes);
        _state = LexerState.Hunting;
        _length = 0;
    }

    private void CountGarbage(ReadOnlySpan<byte> skipped)
    {
        var lineEnds = skipped.Count(Cr) + skipped.Count(Lf);
        _counters.Add(GnssCounter.GarbageBytes, skipped.Length - lineEnds);
    }
}
