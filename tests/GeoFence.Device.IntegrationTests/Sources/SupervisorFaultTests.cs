using System.Threading.Channels;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Sources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Sources;

/// <summary>Stall, open failure and end-of-stream handling, on a fake clock.</summary>
public sealed class SupervisorFaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_silent_receiver_is_reopened_after_the_stall_timeout_and_not_before()
    {
        var time = new FakeTimeProvider();
        var source = new ScriptedSource();
        var options = new SourceOptions { StallTimeout = TimeSpan.FromSeconds(5), ReopenInitialDelay = TimeSpan.FromSeconds(1), ReopenMaximumDelay = TimeSpan.FromSeconds(1) };
        var supervisor = new SourceSupervisor(source, options, time, NullLogger.Instance, new Random(1));
        var signals = new StateSignals(supervisor);
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);

        await source.ReadStarted.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(0, supervisor.Counters.Stalls);

        time.Advance(TimeSpan.FromSeconds(0.2));
        await signals.Entered(SourceState.Backoff, 1).WaitAsync(Patience);
        Assert.Equal(1, supervisor.Counters.Stalls);

        time.Advance(TimeSpan.FromSeconds(1));
        await signals.Entered(SourceState.Reading, 2).WaitAsync(Patience);
        Assert.Equal(1, supervisor.Counters.Reopens);

        await stop.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task Open_failures_back_off_exponentially_and_the_supervisor_keeps_trying()
    {
        var time = new FakeTimeProvider();
        var source = new ScriptedSource { FailOpens = 3 };
        var options = new SourceOptions { ReopenInitialDelay = TimeSpan.FromSeconds(1), ReopenMaximumDelay = TimeSpan.FromSeconds(60) };
        var supervisor = new SourceSupervisor(source, options, time, NullLogger.Instance, new Random(7));
        var signals = new StateSignals(supervisor);
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await signals.Entered(SourceState.Backoff, attempt).WaitAsync(Patience);
            time.Advance(TimeSpan.FromSeconds(Math.Pow(2, attempt - 1)));
        }

        await signals.Entered(SourceState.Reading, 1).WaitAsync(Patience);
        Assert.Equal(3, supervisor.Counters.Faults);
        Assert.Equal(1, supervisor.Counters.Opens);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_file_ends_the_run_while_a_missing_file_is_a_counted_fault()
    {
        using var dir = new TestDirectory();
        var capture = Corpus.Read("garmin15x.log");
        var collector = new ByteCollector();
        var file = new SourceSupervisor(new FileSource(Corpus.PathOf("garmin15x.log")), new SourceOptions(), TimeProvider.System, NullLogger.Instance);
        await file.RunAsync(collector.OnBytes, CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(capture, collector.ToArray());
        Assert.Equal(1, file.Counters.Ends);

        var time = new FakeTimeProvider();
        var missing = new SourceSupervisor(new FileSource(dir.File("absent.log")), new SourceOptions(), time, NullLogger.Instance);
        var signals = new StateSignals(missing);
        using var stop = new CancellationTokenSource();
        var run = missing.RunAsync(collector.OnBytes, stop.Token);
        await signals.Entered(SourceState.Backoff, 1).WaitAsync(Patience);
        Assert.Equal(1, missing.Counters.Faults);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);
        Assert.Equal(SourceState.Stopped, missing.Counters.State);
    }

    /// <summary>A source whose opens fail a set number of times and whose reads never return.</summary>
    private sealed class ScriptedSource : IByteSource
    {
        public int FailOpens { get; init; }

        public Channel<int> ReadStarted { get; } = Channel.CreateUnbounded<int>();

        private int _opens;

        public string Name => "scripted";

        public bool EndIsFinal => false;

        public ValueTask<IByteChannel> OpenAsync(CancellationToken cancellationToken)
        {
            if (++_opens <= FailOpens)
            {
                throw new IOException("no such device");
            }

            return ValueTask.FromResult<IByteChannel>(new SilentChannel(ReadStarted.Writer));
        }
    }

    private sealed class SilentChannel(ChannelWriter<int> readStarted) : IByteChannel
    {
        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            readStarted.TryWrite(1);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
