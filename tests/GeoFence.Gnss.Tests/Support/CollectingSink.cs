using System.Text;

namespace GeoFence.Gnss.Tests.Support;

/// <summary>Test sink that keeps every fix and echoed sentence.</summary>
public sealed class CollectingSink : IGnssSink
{
    public List<Fix> Fixes { get; } = [];

    public List<string> Sentences { get; } = [];

    public void OnFix(in Fix fix) => Fixes.Add(fix);

    public void OnSentence(ReadOnlySpan<byte> sentence) => Sentences.Add(Encoding.Latin1.GetString(sentence));
}
