namespace GeoFence.Gnss.Tests.Support;

/// <summary>Test sink that only counts (allocates nothing per fix).</summary>
public sealed class CountingSink : IGnssSink
{
    public int Fixes { get; private set; }

    public void OnFix(in Fix fix) => Fixes++;
}
