using System.Text;
using BenchmarkDotNet.Attributes;
using GeoFence.Gnss;
using Iot.Device.Nmea0183;

namespace GeoFence.Benchmarks.Gnss;

/// <summary>
/// Lexer + decoders + epoch assembly over a ≥ 50 MB in-memory stream built from the gpsd text captures, side by side with
/// Iot.Device.Nmea0183 (TalkerSentence.FromSentenceString + TryGetTypedValue) twice: from the same bytes (a StreamReader
/// splits and decodes the lines, as a serial reader must), and handed the lines already split into strings (its API
/// takes strings), which favours it. One operation = the whole stream;
/// MB/s = StreamBytes / Mean, sentences/s = Sentences / Mean, bytes per sentence = Allocated / Sentences (both printed at setup).
/// </summary>
[MemoryDiagnoser]
public class GnssDecodeBenchmarks
{
    private const int TargetBytes = 50 * 1024 * 1024;
    private const int ChunkSize = 4096;

    private byte[] _stream = [];
    private string[] _lines = [];
    private GnssDecoder _decoder = null!;
    private FixCounter _sink = null!;

    /// <summary>Number of sentence lines in the stream.</summary>
    public int Sentences { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var directory = FindCorpus();
        var logs = Directory.EnumerateFiles(directory, "*.log").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var stream = new MemoryStream(TargetBytes + (1 << 20));
        while (stream.Length < TargetBytes)
        {
            foreach (var log in logs)
            {
                stream.Write(log);
            }
        }

        _stream = stream.ToArray();
        _lines = Encoding.Latin1.GetString(_stream).Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        Sentences = _lines.Count(l => l[0] is '$' or '!');
        _sink = new FixCounter();
        _decoder = new GnssDecoder(
            new GnssOptions { MinimumPlausibleDate = new DateTimeOffset(1999, 8, 22, 0, 0, 0, TimeSpan.Zero) }, _sink);
        Console.WriteLine($"// stream {_stream.Length} bytes, {_lines.Length} lines, {Sentences} sentences, from {logs.Count} captures in {directory}");
    }

    [Benchmark(Baseline = true, Description = "GeoFence.Gnss decode (lexer+NMEA+epochs)")]
    public int GeoFenceGnss()
    {
        var stream = _stream.AsSpan();
        for (var i = 0; i < stream.Length; i += ChunkSize)
        {
            _decoder.Feed(stream.Slice(i, Math.Min(ChunkSize, stream.Length - i)), i);
        }

        return _sink.Count;
    }

    [Benchmark(Description = "Iot.Device.Nmea0183 from the same bytes (StreamReader lines + parse)")]
    public int IotNmea0183FromBytes()
    {
        var typed = 0;
        var time = DateTimeOffset.MinValue;
        using var reader = new StreamReader(new MemoryStream(_stream, writable: false), Encoding.Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: ChunkSize);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] is not ('$' or '!'))
            {
                continue;
            }

            var sentence = TalkerSentence.FromSentenceString(line, out var error);
            if (sentence is not null && error == NmeaError.None && sentence.TryGetTypedValue(ref time) is not null)
            {
                typed++;
            }
        }

        return typed;
    }

    [Benchmark(Description = "Iot.Device.Nmea0183 FromSentenceString+TryGetTypedValue")]
    public int IotNmea0183()
    {
        var typed = 0;
        var time = DateTimeOffset.MinValue;
        foreach (var line in _lines)
        {
            var sentence = TalkerSentence.FromSentenceString(line, out var error);
            if (sentence is not null && error == NmeaError.None && sentence.TryGetTypedValue(ref time) is not null)
            {
                typed++;
            }
        }

        return typed;
    }

    private static string FindCorpus()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(directory.FullName, "data", "gpsd"), Path.Combine(directory.FullName, "tests", "data", "gpsd") })
            {
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("data/gpsd not found above " + AppContext.BaseDirectory);
    }

    private sealed class FixCounter : IGnssSink
    {
        public int Count { get; private set; }

        public void OnFix(in Fix fix) => Count++;
    }
}
