using BenchmarkDotNet.Attributes;
using GeoFence.Zones.Decisions;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GeoFence.Benchmarks.Zones;

/// <summary>
/// Decisions/s on random points over each dataset's extent: our full decision (buffer 20 m + error circle, all
/// matching zones collected) side by side with NetTopologySuite STRtree + IndexedPointInAreaLocator (point only, no
/// buffer). STRtree + plain Polygon.Contains is in <see cref="ZonesNaiveContainsBenchmarks"/>. One operation = one point.
/// </summary>
[MemoryDiagnoser]
public class ZonesDecisionBenchmarks
{
    private const int PointCount = 10_000;
    private ZoneDataset _data = null!;
    private CompiledPolicy _policy = null!;
    private STRtree<IndexedPointInAreaLocator> _locatorTree = null!;

    /// <summary>Dataset name.</summary>
    [Params("10k x 50", "100k x 12", "200 x 5000")]
    public string Dataset { get; set; } = "10k x 50";

    /// <summary>Builds the dataset, our compiled policy and the NTS indexes; prints memory per vertex.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var beforeData = GC.GetTotalMemory(true);
        _data = ZoneDataset.Create(Dataset, PointCount);
        var geometry = GC.GetTotalMemory(true) - beforeData;
        var vertices = _data.Polygons.Sum(p => (long)p.NumPoints);
        var before = GC.GetTotalMemory(true);
        _policy = CompiledPolicy.Compile(_data.Document);
        var ours = GC.GetTotalMemory(true) - before;

        before = GC.GetTotalMemory(true);
        _locatorTree = new STRtree<IndexedPointInAreaLocator>();
        foreach (var polygon in _data.Polygons)
        {
            _locatorTree.Insert(polygon.EnvelopeInternal, new IndexedPointInAreaLocator(polygon));
        }

        _locatorTree.Build();
        foreach (var point in _data.Points)
        {
            LocateNts(point); // IndexedPointInAreaLocator builds its interval index lazily: warm every locator touched
        }

        foreach (var polygon in _data.Polygons)
        {
            new IndexedPointInAreaLocator(polygon).Locate(polygon.Coordinate); // not kept: just to size one
        }

        var nts = GC.GetTotalMemory(true) - before;
        Console.WriteLine($"// MEMORY {Dataset}: vertices {vertices}; ours {ours / (double)vertices:F1} B/vertex "
            + $"(index arrays {_policy.IndexMemoryBytes / (double)vertices:F1} B/vertex, GC delta {ours / 1048576.0:F1} MiB); "
            + $"NTS STRtree+IndexedPointInAreaLocator (touched locators warmed) GC delta {nts / 1048576.0:F1} MiB = {nts / (double)vertices:F1} B/vertex; "
            + $"NTS polygons + parsed zone records + points (GC delta) {geometry / (double)vertices:F1} B/vertex");
        var blocked = _data.Samples.Count(s => _policy.Decide(s, null).Action == DecisionAction.Block);
        var inside = _data.Points.Count(p => LocateNts(p));
        Console.WriteLine($"// HITS {Dataset}: ours blocked {blocked}/{PointCount} (buffer + error circle), NTS inside {inside}/{PointCount} (point only)");
    }

    /// <summary>Our full decision: index, buffer 20 m, error circle, all matching zones, default action.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = PointCount)]
    public int Ours_FullDecision()
    {
        var blocked = 0;
        foreach (var sample in _data.Samples)
        {
            if (_policy.Decide(sample, null).Action == DecisionAction.Block)
            {
                blocked++;
            }
        }

        return blocked;
    }

    /// <summary>Our full decision plus the segment from the previous point (a 1 Hz walk: ≈1–2 m steps).</summary>
    [Benchmark(OperationsPerInvoke = PointCount)]
    public int Ours_FullDecision_WithSegment()
    {
        var blocked = 0;
        foreach (var sample in _data.Samples)
        {
            var previous = sample with { Time = sample.Time.AddSeconds(-1), Latitude = sample.Latitude - 0.00001 };
            if (_policy.Decide(sample, previous).Action == DecisionAction.Block)
            {
                blocked++;
            }
        }

        return blocked;
    }

    /// <summary>NTS STRtree + IndexedPointInAreaLocator: point in polygon only (no buffer, no error circle).</summary>
    [Benchmark(OperationsPerInvoke = PointCount)]
    public int Nts_StrTree_IndexedPointInArea()
    {
        var inside = 0;
        foreach (var point in _data.Points)
        {
            if (LocateNts(point))
            {
                inside++;
            }
        }

        return inside;
    }

    private bool LocateNts(Coordinate point)
    {
        foreach (var locator in _locatorTree.Query(new Envelope(point)))
        {
            if (locator.Locate(point) != Location.Exterior)
            {
                return true;
            }
        }

        return false;
    }
}
