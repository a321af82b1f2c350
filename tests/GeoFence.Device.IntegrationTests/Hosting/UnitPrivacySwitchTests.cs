using System.Collections.Concurrent;
using System.Device.Gpio;
using GeoFence.Device.Gpio;
using GeoFence.Device.Hosting;
using GeoFence.Device.IntegrationTests.Gpio;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Device.Pipeline;
using GeoFence.Forwarding.Tests.Infrastructure;
using GeoFence.Sanitizing.Output;
using Microsoft.Extensions.DependencyInjection;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>The privacy switch turned on while a live pty stream flows: forwarding stops within one epoch.</summary>
public sealed class UnitPrivacySwitchTests : IDisposable
{
    private const int Pin = 17;
    private const int SwitchEpoch = 60;
    private const int OffEpoch = SwitchEpoch + 40;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly UnitWorkspace unit = new();

    public void Dispose() => unit.Dispose();

    [Fact]
    public async Task Turning_the_switch_on_mid_stream_stops_appending_after_the_next_epoch()
    {
        using var broker = new MosquittoBroker(unit.File("mosquitto"));
        unit.DropBundle(TestPolicies.Json(delaySeconds: 0, brokerPort: broker.Port)); // no delay: a record reaches the output when its epoch closes
        using var pty = new SocatPty(unit.File("pty"));
        var feed = new UnitEpochFeed(pty);
        var driver = new FakeGpioDriver();
        driver.Preset(Pin, PinValue.High); // switch open: off
        var appended = new AppendedRecords();
        await using var agent = await StartAsync(pty, driver, appended);
        var host = agent.Host;
        var privacy = host.Services.GetRequiredService<IPrivacySwitch>();
        var switchedOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        privacy.Changed += on =>
        {
            if (on)
            {
                switchedOn.TrySetResult();
            }
        };
        var output = host.Services.GetRequiredService<UnitOutput>();
        var board = host.Services.GetRequiredService<GeoFence.Device.Status.UnitStatusBoard>();

        await feed.RunAsync(OffEpoch + 40, agent: null, CancellationToken.None, async i =>
        {
            if (i == SwitchEpoch)
            {
                await appended.WhenAsync(feed.TimeOf(SwitchEpoch - 2), Guard); // the stream is flowing up to the switch
                driver.Drive(Pin, PinValue.Low); // on, during epoch SwitchEpoch
            }
            else if (i == SwitchEpoch + 1)
            {
                await switchedOn.Task.WaitAsync(Guard); // settled (30 ms debounce) within this epoch's 50 ms
            }
            else if (i == OffEpoch)
            {
                driver.Drive(Pin, PinValue.High); // off again: forwarding resumes
            }
        });
        await appended.WhenAsync(feed.TimeOf(OffEpoch + 2), Guard); // every epoch before it has been through the output
        var exit = await agent.StopAsync(Guard);

        Assert.True(exit == 0, agent.Errors.ToString());
        var times = appended.Times;
        var silenced = times.Select(feed.IndexOf).Where(i => i > SwitchEpoch + 1 && i < OffEpoch).ToList();
        Assert.Contains(feed.TimeOf(SwitchEpoch - 2), times);
        Assert.True(silenced.Count == 0, $"appended epochs {string.Join(',', silenced)} while the switch was on (switched at {SwitchEpoch})");
        Assert.True(output.PrivacyDropped >= OffEpoch - SwitchEpoch - 2, $"{output.PrivacyDropped} dropped at the switch");
        Assert.Contains(times, t => feed.IndexOf(t) > OffEpoch); // and the switch only silenced, it did not stop the unit
    }

    [Fact]
    public async Task Epochs_taken_while_the_switch_was_on_are_not_sent_when_they_leave_the_delay_line_after_it_is_off()
    {
        using var broker = new MosquittoBroker(unit.File("mosquitto"));
        unit.DropBundle(TestPolicies.Json(delaySeconds: 2, brokerPort: broker.Port)); // every on-window record matures after the switch is off
        using var pty = new SocatPty(unit.File("pty"));
        var feed = new UnitEpochFeed(pty);
        var driver = new FakeGpioDriver();
        driver.Preset(Pin, PinValue.High);
        var appended = new AppendedRecords();
        await using var agent = await StartAsync(pty, driver, appended);
        var privacy = agent.Get<IPrivacySwitch>();
        var on = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var off = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        privacy.Changed += isOn => (isOn ? on : off).TrySetResult();
        const int onAt = 40, offAt = 60;

        await feed.RunAsync(120, agent: null, CancellationToken.None, async i =>
        {
            switch (i)
            {
                case onAt:
                    driver.Drive(Pin, PinValue.Low);
                    await on.Task.WaitAsync(Guard);
                    break;
                case offAt:
                    driver.Drive(Pin, PinValue.High);
                    await off.Task.WaitAsync(Guard);
                    break;
            }
        });
        await appended.WhenAsync(feed.TimeOf(110), Guard);
        var exit = await agent.StopAsync(Guard);

        Assert.True(exit == 0, agent.Errors.ToString());
        var indices = appended.Times.Select(feed.IndexOf).ToList();
        var leaked = indices.Where(i => i > onAt && i < offAt).ToList();
        Assert.True(leaked.Count == 0, $"epochs {string.Join(',', leaked)} were taken with the switch on and sent after it was off");
        Assert.Contains(indices, i => i < onAt); // forwarding worked before the switch
        Assert.Contains(offAt + 1, indices);
    }

    private Task<InProcessUnit> StartAsync(SocatPty pty, FakeGpioDriver driver, AppendedRecords appended) =>
        InProcessUnit.StartAsync(
            unit,
            unit.Args($"Receiver:Source=serial:{pty.ReaderPath}", "Receiver:Baud=115200", "Receiver:MinimumPlausibleDate=2000-01-01T00:00:00Z",
                $"Gpio:PrivacySwitch:Pin={Pin}", "Gpio:PrivacySwitch:OnWhenLow=true"),
            new UnitHostOverrides { GpioController = () => new GpioController(driver), ExtraSinks = [appended] },
            Guard);

    /// <summary>Sees exactly what the outbox is given (after the privacy switch), with a signal on a receiver time.</summary>
    private sealed class AppendedRecords : ICompliantSink
    {
        private readonly ConcurrentQueue<DateTimeOffset> _times = new();
        private readonly ConcurrentDictionary<DateTimeOffset, TaskCompletionSource> _waiters = new();

        public IReadOnlyList<DateTimeOffset> Times => _times.ToList();

        public void Accept(CompliantFix record)
        {
            var time = record.Time ?? default;
            _times.Enqueue(time);
            foreach (var waiter in _waiters.Where(w => w.Key <= time))
            {
                waiter.Value.TrySetResult();
            }
        }

        public Task WhenAsync(DateTimeOffset time, TimeSpan timeout)
        {
            var waiter = _waiters.GetOrAdd(time, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_times.Any(t => t >= time))
            {
                waiter.TrySetResult();
            }

            return waiter.Task.WaitAsync(timeout);
        }
    }
}
