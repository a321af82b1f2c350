namespace GeoFence.Device.IntegrationTests.Infrastructure;

/// <summary>Collects bytes from a source and signals when a wanted byte count is reached.</summary>
public sealed class ByteCollector
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _bytes = new();
    private readonly List<(long Count, TaskCompletionSource Signal)> _waiters = [];

    public ValueTask OnBytes(ReadOnlyMemory<byte> chunk, long timestamp)
    {
        lock (_gate)
        {
            _bytes.Write(chunk.Span);
            foreach (var waiter in _waiters.Where(w => _bytes.Length >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return ValueTask.CompletedTask;
    }

    public byte[] ToArray()
    {
        lock (_gate)
        {
            return _bytes.ToArray();
        }
    }

    public Task WhenAtLeast(long count)
    {
        lock (_gate)
        {
            if (_bytes.Length >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task;
        }
    }
}
