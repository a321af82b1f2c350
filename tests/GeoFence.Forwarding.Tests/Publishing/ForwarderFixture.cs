using System.Net;
using GeoFence.Forwarding.Outbox;
using GeoFence.Forwarding.Publishing;
using GeoFence.Forwarding.Tests.Outbox;
using GeoFence.Zones.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Forwarding.Tests.Publishing;

/// <summary>Outbox + forwarder against a broker, with helpers to feed records and run the forwarder.</summary>
public sealed class ForwarderFixture : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public ForwarderFixture(OutboxOptions? outboxOptions = null)
    {
        Store = new OutboxFixture();
        Outbox = DurableOutbox.Open(outboxOptions ?? Store.Options(), TimeProvider.System, NullLogger.Instance);
        _commits = Outbox.RunAsync(_stop.Token);
    }

    private readonly Task _commits;

    public OutboxFixture Store { get; }

    public DurableOutbox Outbox { get; }

    public MqttForwarder? Forwarder { get; private set; }

    public static BrokerApproval Approval(int port, string? caPem = null, IEnumerable<string>? pins = null, string cidr = "127.0.0.1/32", bool loopbackDemo = false, string host = "localhost") =>
        new(host, port, caPem is null ? [] : [caPem], pins?.ToList() ?? [], [IPNetwork.Parse(cidr)], false, loopbackDemo);

    public MqttForwarder Start(Func<BrokerApproval?> approval, ForwarderOptions? options = null, Func<ReadOnlyMemory<byte>, Task>? onPolicy = null, Action<ForwarderState>? stateChanged = null)
    {
        Forwarder = new MqttForwarder(approval, Outbox, options ?? Options(), TimeProvider.System, NullLogger.Instance, onPolicy, jitter: new Random(1));
        if (stateChanged is not null)
        {
            Forwarder.StateChanged += stateChanged;
        }

        _run = Forwarder.RunAsync(_stop.Token);
        return Forwarder;
    }

    public static ForwarderOptions Options(int maxInFlight = 8, int batch = 20) => new()
    {
        UnitId = "unit-7",
        MaxInFlight = maxInFlight,
        BatchSize = batch,
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaximumDelay = TimeSpan.FromMilliseconds(400),
        PublishTimeout = TimeSpan.FromSeconds(2),
        ConnectTimeout = TimeSpan.FromSeconds(3),
    };

    public void Append(int count)
    {
        var next = NextSequence;
        for (var i = 0; i < count; i++)
        {
            Assert.True(Outbox.TryAppend(OutboxFixture.Record(next + i, DateTimeOffset.UtcNow)));
        }

        NextSequence = next + count;
    }

    public long NextSequence
    {
        get => _next == 0 ? Outbox.FirstSequence : _next;
        private set => _next = value;
    }

    private long _next;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(20));
        }

        await _commits.WaitAsync(TimeSpan.FromSeconds(20));
        Outbox.Dispose();
        Store.Dispose();
        _stop.Dispose();
    }
}
