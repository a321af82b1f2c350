using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using GeoFence.Device.Hosting;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.LocalFeed;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Device.Pipeline;
using GeoFence.Device.Sources;
using GeoFence.Device.Status;
using GeoFence.Sanitizing.Output;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>
/// The live delay line is pumped exactly when its head matures (the pipeline thread sleeps until the next maturity), not on a fixed
/// pump grid: a record leaves at its maturity time, so the latency beyond the configured guard delay is not the pump's.
/// </summary>
public sealed class PumpTimingTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);
    private readonly UnitWorkspace unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task A_record_leaves_at_its_maturity_time_on_the_pipeline_clock()
    {
        unit.DropBundle(TestPolicies.Json(delaySeconds: 2, brokerPort: FeedHost.FreePort())); // no broker: the outbox keeps the records
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var receiver = new Pipe();
        var accepted = new AcceptedAt(clock);
        var armed = new BlockingCollection<(DateTimeOffset Wake, DateTimeOffset? Due)>();
        await using var agent = await InProcessUnit.StartAsync(
            unit,
            unit.Args("Receiver:MinimumPlausibleDate=2000-01-01T00:00:00Z"),
            new UnitHostOverrides { Source = new StreamSource("test receiver", () => receiver.Reader.AsStream()), Time = clock, ExtraSinks = [accepted] },
            Guard,
            host => host.Services.GetRequiredService<PipelineService>().PumpArmed += (wake, due) => armed.Add((wake, due)));
        var host = agent.Host;
        var pipelineClock = host.Services.GetRequiredService<PipelineClock>().Pipeline;

        var board = host.Services.GetRequiredService<UnitStatusBoard>();
        var decided = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        board.Changed += s =>
        {
            if (s.Counters.Epochs >= 1)
            {
                decided.TrySetResult();
            }
        };

        clock.Advance(TimeSpan.FromMilliseconds(10)); // off any 50 ms grid a periodic pump would run on
        await WriteEpochsAsync(receiver.Writer, clock.GetUtcNow(), count: 2); // the second epoch closes the first
        await decided.Task.WaitAsync(Guard);

        // Follow the pipeline thread's sleeps (each planned sleep is reported before it starts, in order): advance the
        // clock to each planned wake-up until the plan is the record's maturity itself. Far from maturity the thread
        // sleeps the longest wait, never past the maturity.
        var (wake, due) = Next(armed);
        for (var sleeps = 0; due is null || wake != due; sleeps++)
        {
            Assert.True(sleeps < 100, "the record never came due"); // the guard delay is 2 s: a few sleeps of at most 1 s
            Assert.True(due is null || wake < due, $"planned to wake at {wake:O}, after the maturity {due:O}");
            var now = pipelineClock.GetUtcNow();
            Assert.True(wake - now <= PipelineService.LongestPumpWait, $"sleeps {wake - now}, longer than the longest wait");
            if (wake > now)
            {
                clock.Advance(wake - now);
            }

            (wake, due) = Next(armed);
        }

        clock.Advance(wake - pipelineClock.GetUtcNow()); // to the maturity exactly
        var leftAt = await accepted.First.WaitAsync(Guard);
        Assert.True(await agent.StopAsync(Guard) == 0, agent.Errors.ToString());

        Assert.Equal(due, leftAt + (pipelineClock.GetUtcNow() - clock.GetUtcNow())); // accepted at its maturity, on the same clock
    }

    private static (DateTimeOffset Wake, DateTimeOffset? Due) Next(BlockingCollection<(DateTimeOffset Wake, DateTimeOffset? Due)> armed)
    {
        using var timeout = new CancellationTokenSource(Guard);
        return armed.Take(timeout.Token);
    }

    private static async Task WriteEpochsAsync(PipeWriter writer, DateTimeOffset start, int count)
    {
        var epochs = CaptureRepather.Split(File.ReadAllLines(Corpus.PathOf("ublox-neo-m9n-nmea.log"))).Epochs;
        for (var i = 0; i < count; i++)
        {
            var point = new PathPoint(start.AddMilliseconds(50 * i), 38.1, -122.6, 10, 45);
            await writer.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(epochs[i].Select(s => CaptureRepather.Rewrite(s, point) + "\r\n"))));
        }
    }

    /// <summary>Remembers the wall-clock (fake) time at which the first record crossed the output.</summary>
    private sealed class AcceptedAt(TimeProvider clock) : ICompliantSink
    {
        private readonly TaskCompletionSource<DateTimeOffset> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<DateTimeOffset> First => _first.Task;

        public void Accept(CompliantFix record) => _first.TrySetResult(clock.GetUtcNow());
    }
}
