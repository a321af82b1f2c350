using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.IntegrationTests.Sources;

/// <summary>The serial source against a real socat pty pair.</summary>
public sealed class SerialSourcePtyTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static SourceOptions FastReopen => new()
    {
        ReopenInitialDelay = TimeSpan.FromMilliseconds(20),
        ReopenMaximumDelay = TimeSpan.FromMilliseconds(200),
        StallTimeout = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task A_capture_written_into_the_receiver_end_arrives_byte_for_byte()
    {
        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);
        var capture = Corpus.Read("ublox-f9p-hpnmea.log");
        var supervisor = new SourceSupervisor(new SerialSource(pty.ReaderPath, SerialFraming.EightN1(115200)), FastReopen, TimeProvider.System, NullLogger.Instance);
        var signals = new StateSignals(supervisor);
        var collector = new ByteCollector();
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync(collector.OnBytes, stop.Token);

        await signals.Entered(SourceState.Reading, 1).WaitAsync(Patience);
        pty.Write(capture);
        await collector.WhenAtLeast(capture.Length).WaitAsync(Patience);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);

        Assert.Equal(capture, collector.ToArray());
        Assert.Equal(SourceState.Stopped, supervisor.Counters.State);
        Assert.Equal(0, supervisor.Counters.Faults);
    }

    [Fact]
    public async Task Unplugging_mid_stream_reopens_and_continues_without_crashing()
    {
        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);
        var capture = Corpus.Read("ublox-f9p-hpnmea.log");
        var half = capture.Length / 2;
        var supervisor = new SourceSupervisor(new SerialSource(pty.ReaderPath, SerialFraming.EightN1(9600)), FastReopen, TimeProvider.System, NullLogger.Instance);
        var signals = new StateSignals(supervisor);
        var collector = new ByteCollector();
        using var stop = new CancellationTokenSource();
        var run = supervisor.RunAsync(collector.OnBytes, stop.Token);

        await signals.Entered(SourceState.Reading, 1).WaitAsync(Patience);
        pty.Write(capture.AsSpan(0, half));
        await collector.WhenAtLeast(half).WaitAsync(Patience);

        pty.Unplug();
        await signals.Entered(SourceState.Backoff, 1).WaitAsync(Patience);
        pty.Start();
        await signals.Entered(SourceState.Reading, 2).WaitAsync(Patience);
        pty.Write(capture.AsSpan(half));
        await collector.WhenAtLeast(capture.Length).WaitAsync(Patience);
        await stop.CancelAsync();
        await run.WaitAsync(Patience);

        Assert.Equal(capture, collector.ToArray());
        Assert.True(supervisor.Counters.Reopens >= 1, supervisor.Counters.ToString());
        Assert.True(supervisor.Counters.Faults + supervisor.Counters.Ends >= 1, supervisor.Counters.ToString());
    }

    [Fact]
    public void A_pty_link_is_recognised_so_auto_baud_does_not_hunt_on_it()
    {
        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);

        Assert.True(SerialSource.IsPseudoTerminal(pty.ReaderPath));
        Assert.False(SerialSource.IsPseudoTerminal(Corpus.PathOf("COPYING.gpsd")));
    }

    [Fact]
    public async Task A_path_that_is_not_a_terminal_is_refused_with_the_reason()
    {
        var source = new SerialSource(Corpus.PathOf("COPYING.gpsd"), SerialFraming.EightN1(9600));

        var error = await Assert.ThrowsAsync<IOException>(async () => await source.OpenAsync(CancellationToken.None));

        Assert.Matches("can.t claim serial device .*: .* \\(errno 25\\)", error.Message); // ENOTTY
    }

    [Fact]
    public async Task A_speed_Linux_has_no_constant_for_is_refused_and_a_second_open_of_a_claimed_line_too()
    {
        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);

        await Assert.ThrowsAsync<ArgumentException>(async () => await new SerialSource(pty.ReaderPath, SerialFraming.EightN1(12345)).OpenAsync(CancellationToken.None));
        await using var first = await new SerialSource(pty.ReaderPath, SerialFraming.EightN1(115200)).OpenAsync(CancellationToken.None);
        var second = await new SerialSource(pty.ReaderPath, SerialFraming.EightN1(115200)).OpenAsync(CancellationToken.None)
            .AsTask().ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default);
        if (Environment.UserName != "root")
        {
            Assert.IsType<IOException>(second); // TIOCEXCL: a second reader (another agent, a stray gpsd) is refused
        }
        else
        {
            Assert.Null(second); // root passes TIOCEXCL by design
        }
    }

    [Fact]
    public async Task Closing_the_channel_while_nothing_arrives_returns_promptly()
    {
        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);
        var channel = await new SerialSource(pty.ReaderPath, SerialFraming.EightN1(115200)).OpenAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var pending = channel.ReadAsync(new byte[64], cancel.Token).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Patience));
        await channel.DisposeAsync().AsTask().WaitAsync(Patience);
    }
}
