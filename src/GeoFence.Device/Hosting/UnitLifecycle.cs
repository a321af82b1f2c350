namespace GeoFence.Device.Hosting;

/// <summary>Signals between the unit's services: the input ended for good (file replay), the outbox drained.</summary>
public sealed class UnitLifecycle
{
    private readonly TaskCompletionSource _inputCompleted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a final source (a file) has been replayed and the pipeline flushed.</summary>
    public Task InputCompleted => _inputCompleted.Task;

    /// <summary>Marks the input as completed.</summary>
    public void SignalInputCompleted() => _inputCompleted.TrySetResult();
}
