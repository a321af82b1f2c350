using System.IO.Pipelines;
using System.Text;
using GeoFence.Device.Intake;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.Sources;
using GeoFence.Gnss;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Intake;

/// <summary>
/// An epoch whose end the data does not show (the cycle-ending sentence is not learned yet, the receiver went quiet) is
/// closed by the intake's overdue check at 1.5 × the epoch interval after its first byte — not earlier, and without a
/// periodic poll while no epoch is open.
/// </summary>
public sealed class OverdueEpochTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_open_epoch_is_closed_when_it_is_overdue_and_not_before()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var receiver = new Pipe();
        var epoch = Encoding.ASCII.GetBytes(string.Concat(FirstEpoch().Select(s => s + "\r\n")));
        var reading = new ReadProbe(receiver.Reader.AsStream(), epoch.Length);
        var supervisor = new SourceSupervisor(new StreamSource("test receiver", () => reading), new SourceOptions { StallTimeout = TimeSpan.FromHours(1) }, clock, NullLogger.Instance);
        var fixes = new FixCount();
        var intake = new GnssIntake(supervisor, new GnssOptions { MinimumPlausibleDate = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), TimestampFrequency = clock.TimestampFrequency }, fixes, clock);
        using var stop = new CancellationTokenSource();
        var running = intake.RunAsync(stop.Token);
        try
        {
            await receiver.Writer.WriteAsync(epoch);
            await reading.AllConsumed.WaitAsync(Guard); // the intake asks for more: every byte of the epoch was fed

            Assert.Equal(0, fixes.Count); // the epoch is open: its end is not in the data
            clock.Advance(TimeSpan.FromMilliseconds(1400)); // timers fire inside Advance: a fix would be counted now
            Assert.Equal(0, fixes.Count);
            clock.Advance(TimeSpan.FromMilliseconds(200)); // past 1.5 × the default 1 s interval
            Assert.Equal(1, fixes.Count);
            Assert.Equal(1, intake.Counters[GnssCounter.EpochTimeouts]);
        }
        finally
        {
            await stop.CancelAsync();
            await receiver.Writer.CompleteAsync();
            await running.WaitAsync(Guard).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static IEnumerable<string> FirstEpoch()
    {
        var (_, epochs) = CaptureRepather.Split(File.ReadAllLines(Corpus.PathOf("ublox-neo-m9n-nmea.log")));
        return epochs[1];
    }

    private sealed class FixCount : IGnssSink
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void OnFix(in Fix fix) => Interlocked.Increment(ref _count);
    }

    /// <summary>Signals when, after <paramref name="expected"/> bytes were read, the reader asks for more (it fed them all).</summary>
    private sealed class ReadProbe(Stream inner, int expected) : Stream
    {
        private readonly TaskCompletionSource _consumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _returned;

        public Task AllConsumed => _consumed.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Read(ref _returned) >= expected)
            {
                _consumed.TrySetResult();
            }

            var read = await inner.ReadAsync(buffer, cancellationToken);
            Interlocked.Add(ref _returned, read);
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
