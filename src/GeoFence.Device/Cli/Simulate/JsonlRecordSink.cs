using GeoFence.Device.Pipeline;
using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.Cli.Simulate;

/// <summary>Writes each <see cref="CompliantFix"/> as its CompliantFixJson bytes, one record per line.</summary>
internal sealed class JsonlRecordSink(Stream stream) : ICompliantSink
{
    /// <inheritdoc />
    public void Accept(CompliantFix record)
    {
        stream.Write(CompliantFixJson.ToUtf8(record));
        stream.WriteByte((byte)'\n');
    }
}
