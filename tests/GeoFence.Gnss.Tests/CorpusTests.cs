using GeoFence.Gnss.Tests.Support;
using Xunit.Abstractions;

namespace GeoFence.Gnss.Tests;

public sealed class CorpusTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Corpus.Logs), MemberType = typeof(Corpus))]
    public void Every_capture_decodes_without_exception(string log)
    {
        foreach (var chunk in new[] { 1, 7, 4096, int.MaxValue })
        {
            var (decoder, _) = Corpus.Decode(log, chunk: Math.Min(chunk, 1 << 20));
            Assert.Equal(Corpus.Bytes(log).Length, decoder.Counters[GnssCounter.Bytes]);
        }
    }

    [Fact]
    public void Report()
    {
        foreach (var log in Corpus.LogNames)
        {
            var (decoder, sink) = Corpus.Decode(log, echo: true);
            var ours = sink.Sentences.CountBy(s => s).ToDictionary();
            var theirs = Corpus.EchoedSentences(log).CountBy(s => s).ToDictionary();
            var lines = Corpus.SentenceLines(log);
            var diff = 0;
            foreach (var key in ours.Keys.Union(theirs.Keys))
            {
                diff += Math.Abs(ours.GetValueOrDefault(key) - theirs.GetValueOrDefault(key));
            }

            var tpv = Corpus.PositionReports(log);
            var times = tpv.Select(t => t.Time).Distinct().Count();
            output.WriteLine($"{log}: lines {lines.Count} echo-diff {diff} fixes {sink.Fixes.Count} pos {sink.Fixes.Count(f => f.Latitude != null)} tpvtimes {times} | {decoder.Counters.Snapshot().ToString().Replace('\n', ' ')}");
        }
    }
}
