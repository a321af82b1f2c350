using System.Text.Json;
using GeoFence.Gnss;

namespace GeoFence.Device.Cli.Decode;

/// <summary>The decode command's sink: JSON Lines per fix, or the echo of every checksum-valid sentence.</summary>
internal sealed class DecodeOutput : IGnssSink, IDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly bool _echo;
    private readonly bool _flushEachLine;
    private readonly int _limit;
    private readonly CancellationTokenSource _limitReached = new();

    public DecodeOutput(Stream stream, bool echo, bool flushEachLine, int limit)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
        _echo = echo;
        _flushEachLine = flushEachLine;
        _limit = limit;
    }

    /// <summary>Cancelled once <c>--count</c> fixes were written.</summary>
    public CancellationToken LimitReached => _limitReached.Token;

    public long Fixes { get; private set; }

    public void OnFix(in Fix fix)
    {
        if (_limit > 0 && Fixes >= _limit)
        {
            return;
        }

        Fixes++;
        if (!_echo)
        {
            FixJsonLine.Write(_json, fix);
            _json.Flush();
            _json.Reset();
            _stream.Write(NewLine);
            FlushIfLive();
        }

        if (_limit > 0 && Fixes >= _limit)
        {
            _limitReached.Cancel();
        }
    }

    public void OnSentence(ReadOnlySpan<byte> sentence)
    {
        if (!_echo)
        {
            return;
        }

        _stream.Write(sentence);
        _stream.Write(NewLine);
        FlushIfLive();
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Flush();
        _limitReached.Dispose();
    }

    private void FlushIfLive()
    {
        if (_flushEachLine)
        {
            _stream.Flush();
        }
    }
}
