using System.Text;
using GeoFence.Gnss.Tests.Support;
using Xunit.Abstractions;

namespace GeoFence.Gnss.Tests;

public sealed class DebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Rejected()
    {
        foreach (var log in Corpus.LogNames.Where(l => !l.StartsWith("binary", StringComparison.Ordinal)))
        {
            var sink = new CollectingSink();
            var decoder = new GnssDecoder(Corpus.Options(), sink);
            foreach (var line in Corpus.SentenceLines(log))
            {
                var before = decoder.Counters[GnssCounter.RejectedInvalidField];
                decoder.Feed(Encoding.Latin1.GetBytes(line + "\r\n"), 0);
                if (decoder.Counters[GnssCounter.RejectedInvalidField] != before)
                {
                    output.WriteLine($"{log}: {line}");
                }
            }
        }
    }
}

public sealed class DebugTpvTests(ITestOutputHelper output)
{
    [Fact]
    public void Tpv()
    {
        foreach (var log in Corpus.LogNames)
        {
            var (_, sink) = Corpus.Decode(log, echo: true);
            var tpv = Corpus.PositionReports(log);
            var last = tpv.GroupBy(t => t.Time).ToDictionary(g => g.Key, g => g.Last());
            var any = tpv.GroupBy(t => t.Time).ToDictionary(g => g.Key, g => g.ToList());
            int compared = 0, bad = 0, badAny = 0, missing = 0;
            foreach (var fix in sink.Fixes.Where(f => f.Latitude != null))
            {
                if (!last.TryGetValue(fix.Time, out var t)) { missing++; continue; }
                compared++;
                if (Math.Abs(t.Latitude - fix.Latitude!.Value) > 1e-7 || Math.Abs(t.Longitude - fix.Longitude!.Value) > 1e-7)
                {
                    bad++;
                    if (!any[fix.Time].Any(x => Math.Abs(x.Latitude - fix.Latitude!.Value) <= 1e-7 && Math.Abs(x.Longitude - fix.Longitude!.Value) <= 1e-7)) badAny++;
                    if (bad < 3) output.WriteLine($"   {log} {fix.Time:O} ours {fix.Latitude:F9},{fix.Longitude:F9} gpsd {t.Latitude:F9},{t.Longitude:F9}");
                }
            }
            var epochTimes = sink.Sentences.Select(TimeField.Of).Where(x => x != null).Distinct().Count();
            output.WriteLine($"{log}: fixes {sink.Fixes.Count} withpos {sink.Fixes.Count(f => f.Latitude != null)} epochTimes {epochTimes} gpsdPosTimes {last.Count} compared {compared} bad {bad} badAny {badAny} notInGpsd {missing}");
        }
    }
}
