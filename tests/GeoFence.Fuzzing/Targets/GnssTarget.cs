using GeoFence.Fuzzing.Campaign;
using GeoFence.Gnss;

namespace GeoFence.Fuzzing.Targets;

/// <summary>
/// Bytes → <see cref="GnssDecoder"/> (lexer, NMEA/UBX decoders, epochs), with the product bounds or tight ones. Each
/// input is decoded whole, then again in random chunk splits (same arrival time: must give identical fixes and
/// counters), and every fourth input a third time in chunks with advancing arrival times and Poll calls (epoch
/// timeouts). Counters and fixes are checked each time. Bounds and splits come from a variant, by default the input's
/// own hash, so a saved input replays exactly.
/// </summary>
public sealed class GnssTarget : IFuzzTarget
{
    /// <summary>Receiver dates before this are refused (the captures go back to 2005).</summary>
    public static readonly DateTimeOffset MinimumPlausibleDate = new(1999, 8, 22, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The product's bounds (120-character sentences, 9216-byte frames).</summary>
    private static readonly GnssOptions Default = new() { MinimumPlausibleDate = MinimumPlausibleDate, TimestampFrequency = 1000 };

    /// <summary>Tight bounds (NMEA's own 82 characters, 256-byte frames): the size limits are hit far more often, and the decoder is cheaper to build.</summary>
    private static readonly GnssOptions Tight = new() { MinimumPlausibleDate = MinimumPlausibleDate, TimestampFrequency = 1000, MaxSentenceLength = 82, MaxFrameLength = 256 };
    private static readonly GnssCounter[] AllCounters = Enum.GetValues<GnssCounter>();
    private readonly FixRecorder _whole = new();
    private readonly FixRecorder _split = new();

    /// <inheritdoc />
    public string Name => "gnss";

    /// <inheritdoc />
    public Finding? Run(byte[] input) => Run(input, InputHash.Of(input));

    /// <summary>Runs with a variant: bit 0 picks the bounds, bits 1–2 = 0 add the timed run, the whole value seeds the chunk splits.</summary>
    public Finding? Run(byte[] input, int variant)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return Check(input, variant) is { } finding ? finding with { Variant = variant } : null;
        }
        catch (Exception ex)
        {
            return Finding.FromException(Name, ex, input) with { Variant = variant };
        }
    }

    private Finding? Check(byte[] input, int variant)
    {
        var chunking = new Random(variant);
        var options = (variant & 1) == 0 ? Default : Tight;

        _whole.Clear();
        var whole = new GnssDecoder(options, _whole);
        whole.Feed(input, 0);
        whole.Complete();
        if (Broken(whole, _whole, input.Length, 0, "whole") is { } first)
        {
            return Invariant(first, input);
        }

        _split.Clear();
        var split = new GnssDecoder(options, _split);
        var polls = 0L;
        for (var offset = 0; offset < input.Length;)
        {
            var length = Math.Min(ChunkLength(chunking), input.Length - offset);
            split.Feed(input.AsSpan(offset, length), 0);
            split.Poll(0);
            polls++;
            offset += length;
        }

        split.Complete();
        if (Broken(split, _split, input.Length, polls, "split") is { } second)
        {
            return Invariant(second, input);
        }

        if (!_whole.Fixes.SequenceEqual(_split.Fixes))
        {
            return Invariant($"chunk split changed the fixes ({_whole.Fixes.Count} whole vs {_split.Fixes.Count} split)", input);
        }

        foreach (var counter in AllCounters)
        {
            if (whole.Counters[counter] != split.Counters[counter])
            {
                return Invariant($"chunk split changed counter {counter} ({whole.Counters[counter]} whole vs {split.Counters[counter]} split)", input);
            }
        }

        return (variant & 6) == 0 ? Timed(input, chunking, options) : null;
    }

    private Finding? Timed(byte[] input, Random chunking, GnssOptions options)
    {
        _split.Clear();
        var decoder = new GnssDecoder(options, _split);
        var now = 0L;
        var polls = 0L;
        for (var offset = 0; offset < input.Length;)
        {
            var length = Math.Min(ChunkLength(chunking), input.Length - offset);
            decoder.Feed(input.AsSpan(offset, length), now);
            now += chunking.Next(0, 400); // ms: bursts and gaps around the 1 s default interval
            decoder.Poll(now);
            polls++;
            offset += length;
        }

        decoder.Complete();
        return Broken(decoder, _split, input.Length, polls, "timed") is { } problem ? Invariant(problem, input) : null;
    }

    private static string? Broken(GnssDecoder decoder, FixRecorder recorder, long length, long polls, string run)
    {
        var problem = GnssInvariants.CheckCounters(decoder.Counters.Snapshot(), length, recorder.Fixes.Count, polls)
            ?? GnssInvariants.CheckFixes(recorder.Fixes, MinimumPlausibleDate);
        return problem is null ? null : $"{run}: {problem}";
    }

    private static int ChunkLength(Random random) => random.Next(8) switch
    {
        0 => 1,
        < 5 => random.Next(1, 16),
        < 7 => random.Next(16, 200),
        _ => random.Next(200, 4096),
    };

    private Finding Invariant(string problem, byte[] input)
    {
        // Signature without the numbers, so one broken rule is one finding.
        var signature = new string(problem.Where(ch => !char.IsAsciiDigit(ch)).ToArray());
        return new Finding(Name, "invariant " + signature, problem, input);
    }
}
