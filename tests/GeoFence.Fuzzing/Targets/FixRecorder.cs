using GeoFence.Gnss;

namespace GeoFence.Fuzzing.Targets;

/// <summary>Sink that keeps every emitted fix in order (reused across inputs of one worker).</summary>
public sealed class FixRecorder : IGnssSink
{
    /// <summary>Fixes emitted since the last <see cref="Clear"/>.</summary>
    public List<Fix> Fixes { get; } = [];

    /// <summary>Forgets the recorded fixes.</summary>
    public void Clear() => Fixes.Clear();

    /// <inheritdoc />
    public void OnFix(in Fix fix) => Fixes.Add(fix);
}
