using System.Collections.Concurrent;
using GeoFence.Device.Sources;

namespace GeoFence.Device.IntegrationTests.Infrastructure;

/// <summary>Turns supervisor state changes into awaitable signals: "the n-th time it entered state S".</summary>
public sealed class StateSignals
{
    private readonly ConcurrentDictionary<(SourceState, int), TaskCompletionSource> _signals = new();
    private readonly ConcurrentDictionary<SourceState, int> _counts = new();

    public StateSignals(SourceSupervisor supervisor) => supervisor.StateChanged += OnChanged;

    public Task Entered(SourceState state, int occurrence) => Signal(state, occurrence).Task;

    private void OnChanged(SourceState state)
    {
        var n = _counts.AddOrUpdate(state, 1, (_, c) => c + 1);
        Signal(state, n).TrySetResult();
    }

    private TaskCompletionSource Signal(SourceState state, int occurrence) =>
        _signals.GetOrAdd((state, occurrence), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
