using GeoFence.Sanitizing.Output;

namespace GeoFence.Device.Pipeline;

/// <summary>Where the pipeline hands its output: only <see cref="CompliantFix"/> crosses this seam (outbox, local feed, files).</summary>
public interface ICompliantSink
{
    /// <summary>Takes one sanitised record; called on the pipeline thread, in sequence order.</summary>
    void Accept(CompliantFix record);
}
