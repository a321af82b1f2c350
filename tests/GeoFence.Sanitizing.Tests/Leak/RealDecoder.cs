using GeoFence.Gnss;

namespace GeoFence.Sanitizing.Tests.Leak;

/// <summary>Decodes capture bytes with the product's own decoder (lexer, strict decoders, epoch assembly).</summary>
public static class RealDecoder
{
    public static List<Fix> Decode(byte[] capture, DateTimeOffset minimumPlausibleDate)
    {
        var sink = new Collector();
        var decoder = new GnssDecoder(new GnssOptions { MinimumPlausibleDate = minimumPlausibleDate }, sink);
        decoder.Feed(capture, 0);
        decoder.Complete();
        return sink.Fixes;
    }

    private sealed class Collector : IGnssSink
    {
        public List<Fix> Fixes { get; } = [];

        public void OnFix(in Fix fix) => Fixes.Add(fix);
    }
}
