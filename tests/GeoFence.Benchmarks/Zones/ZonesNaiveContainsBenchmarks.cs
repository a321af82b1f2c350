using BenchmarkDotNet.Attributes;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GeoFence.Benchmarks.Zones;

/// <summary>
/// NTS STRtree + plain Polygon.Contains on the candidates (no prepared geometry), point only. Not run on the
/// 5 000-vertex set: one pass over its points takes minutes (≈ 18.6 ms per point measured once).
/// </summary>
[MemoryDiagnoser]
public class ZonesNaiveContainsBenchmarks
{
    private const int PointCount = 2_000;
    private ZoneDataset _data = null!;
    private STRtree<Polygon> _polygonTree = null!;

    /// <summary>Dataset name.</summary>
    [Params("10k x 50", "100k x 12")]
    public string Dataset { get; set; } = "10k x 50";

    /// <summary>Builds the dataset and the tree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = ZoneDataset.Create(Dataset, PointCount);
        _polygonTree = new STRtree<Polygon>();
        foreach (var polygon in _data.Polygons)
        {
            _polygonTree.Insert(polygon.EnvelopeInternal, polygon);
        }

        _polygonTree.Build();
    }

    /// <summary>STRtree query, then Polygon.Contains on each candidate until one contains the point.</summary>
    [Benchmark(OperationsPerInvoke = PointCount)]
    public int Nts_StrTree_PolygonContains()
    {
        var factory = _data.Polygons[0].Factory;
        var inside = 0;
        foreach (var point in _data.Points)
        {
            var p = factory.CreatePoint(point);
            foreach (var polygon in _polygonTree.Query(p.EnvelopeInternal))
            {
                if (polygon.Contains(p))
                {
                    inside++;
                    break;
                }
            }
        }

        return inside;
    }
}
