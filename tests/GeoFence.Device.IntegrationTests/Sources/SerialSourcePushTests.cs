using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Sources;

/// <summary>The serial line's push path (chunks handed over on the reader thread) against a real socat pty, on a fake clock.</summary>
public sealed class SerialSourcePushTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static SourceOptions Options => new()
    {
        StallTimeout = TimeSpan.FromSeconds(10),
        ReopenInitialDelay = TimeSpan.FromSeconds(1),
        ReopenMaximumDelay = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task The_stall_timeout_runs_from_the_last_chunk_not_from_the_open()
    {
        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);
        var time = new FakeTimeProvider();
        var supervisor = new SourceSupervisor(new SerialSource(pty.ReaderPath, SerialFraming.EightN1(115200)), Options, time, NullLogger.Instance, new Random(3));
        var signals = new StateSignals(supervisor);
        var collector = new ByteCollector();
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync(collector.OnBytes, stop.Token);
        await signals.Entered(SourceState.Reading, 1).WaitAsync(Patience);

        pty.Write("open\r\n"u8);
        await collector.WhenAtLeast(6).WaitAsync(Patience); // the push runs, so its stall timer is armed
        time.Advance(TimeSpan.FromSeconds(6));
        pty.Write("alive\r\n"u8);
        await collector.WhenAtLeast(13).WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(6)); // 12 s after the open, 6 s after the chunk: the timer fires and re-arms
        Assert.Equal(0, supervisor.Counters.Stalls);
        Assert.Equal(SourceState.Reading, supervisor.Counters.State);

        time.Advance(TimeSpan.FromSeconds(4)); // 10 s after the chunk
        await signals.Entered(SourceState.Backoff, 1).WaitAsync(Patience);
        Assert.Equal(1, supervisor.Counters.Stalls);
        Assert.Equal(0, supervisor.Counters.Faults);

        time.Advance(TimeSpan.FromSeconds(1));
        await signals.Entered(SourceState.Reading, 2).WaitAsync(Patience);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        Assert.Equal(SourceState.Stopped, supervisor.Counters.State);
    }

    [Fact]
    public async Task A_consumer_that_throws_is_a_counted_fault_and_the_line_is_reopened()
    {
        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);
        var time = new FakeTimeProvider();
        var supervisor = new SourceSupervisor(new SerialSource(pty.ReaderPath, SerialFraming.EightN1(115200)), Options, time, NullLogger.Instance, new Random(3));
        var signals = new StateSignals(supervisor);
        var collector = new ByteCollector();
        var calls = 0;
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync(
            (chunk, stamp) => Interlocked.Increment(ref calls) == 1 ? throw new InvalidOperationException("consumer broke") : collector.OnBytes(chunk, stamp),
            stop.Token);
        await signals.Entered(SourceState.Reading, 1).WaitAsync(Patience);

        pty.Write("first\r\n"u8);
        await signals.Entered(SourceState.Backoff, 1).WaitAsync(Patience);
        Assert.Equal(1, supervisor.Counters.Faults);
        time.Advance(TimeSpan.FromSeconds(1));
        await signals.Entered(SourceState.Reading, 2).WaitAsync(Patience);
        pty.Write("second\r\n"u8);
        await collector.WhenAtLeast(8).WaitAsync(Patience);

        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        Assert.Equal("second\r\n"u8.ToArray(), collector.ToArray());
    }

    [Fact]
    public async Task A_channel_is_pushed_once_and_never_read_besides()
    {
        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);
        var channel = (IPushingByteChannel)await new SerialSource(pty.ReaderPath, SerialFraming.EightN1(115200)).OpenAsync(CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var pushed = channel.PushAsync(_ => { }, stop.Token);

        var second = Record.Exception(() => PushAgain(channel)); // refused at once, not in a task
        Assert.IsType<InvalidOperationException>(second);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await channel.ReadAsync(new byte[16], CancellationToken.None));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pushed.WaitAsync(Patience));
        await channel.DisposeAsync().AsTask().WaitAsync(Patience);
    }

    [Fact]
    public async Task A_channel_read_before_the_supervisor_gets_it_is_read_on_not_pushed()
    {
        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);
        var source = new ReadFirstSource(new SerialSource(pty.ReaderPath, SerialFraming.EightN1(115200)));
        var supervisor = new SourceSupervisor(source, Options, TimeProvider.System, NullLogger.Instance);
        var collector = new ByteCollector();
        using var stop = new CancellationTokenSource();
        pty.Write("probe\r\n"u8);
        var run = supervisor.RunAsync(collector.OnBytes, stop.Token);

        await source.Read.Task.WaitAsync(Patience);
        pty.Write("after\r\n"u8);
        await collector.WhenAtLeast(7).WaitAsync(Patience);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);

        Assert.Equal("after\r\n"u8.ToArray(), collector.ToArray());
        Assert.Equal(0, supervisor.Counters.Faults);
        Assert.Equal(1, supervisor.Counters.Opens);
    }

    private static void PushAgain(IPushingByteChannel channel) => _ = channel.PushAsync(_ => { }, CancellationToken.None);

    /// <summary>Reads the first chunk of each channel itself, as the auto-baud probe does, then hands the channel on.</summary>
    private sealed class ReadFirstSource(IByteSource inner) : IByteSource
    {
        public TaskCompletionSource Read { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => inner.Name;

        public bool EndIsFinal => inner.EndIsFinal;

        public async ValueTask<IByteChannel> OpenAsync(CancellationToken cancellationToken)
        {
            var channel = await inner.OpenAsync(cancellationToken);
            _ = await channel.ReadAsync(new byte[7], cancellationToken);
            Read.TrySetResult();
            return channel;
        }
    }
}
