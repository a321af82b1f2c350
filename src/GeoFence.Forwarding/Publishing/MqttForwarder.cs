using System.Buffers;
using System.Security.Authentication;
using GeoFence.Forwarding.Gate;
using GeoFence.Forwarding.Outbox;
using GeoFence.Zones.Model;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace GeoFence.Forwarding.Publishing;

/// <summary>
/// Publishes the outbox to the one approved broker the configuration chose, through the gate: QoS 1 batches, a record
/// leaves the outbox only after its PUBACK, in-flight capped at min(configured, broker's Receive Maximum), reconnect
/// with jittered exponential backoff, retained status with an "offline" last will, policy bundles from the policy topics.
/// </summary>
public sealed partial class MqttForwarder
{
    private static readonly byte[] OfflineStatus = """{"v":1,"state":"offline"}"""u8.ToArray();

    private readonly Func<BrokerApproval?> _approvedBroker;
    private readonly DurableOutbox _outbox;
    private readonly ForwarderOptions _options;
    private static readonly TimeSpan RereadInterval = TimeSpan.FromSeconds(1);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<ReadOnlyMemory<byte>, Task>? _onPolicyBundle;
    private readonly Func<ReadOnlyMemory<byte>>? _statusPayload;
    private readonly Random _jitter;
    private volatile ForwarderState _state;
    private long _highestSent;

    /// <summary>
    /// Creates the forwarder. <paramref name="approvedBroker"/> returns the broker chosen among the current signed
    /// policy's approved ones, or null when there is none (then nothing is published).
    /// </summary>
    public MqttForwarder(
        Func<BrokerApproval?> approvedBroker,
        DurableOutbox outbox,
        ForwarderOptions options,
        TimeProvider time,
        ILogger logger,
        Func<ReadOnlyMemory<byte>, Task>? onPolicyBundle = null,
        Func<ReadOnlyMemory<byte>>? statusPayload = null,
        Random? jitter = null)
    {
        _approvedBroker = approvedBroker;
        _outbox = outbox;
        _options = options;
        _time = time;
        _logger = logger;
        _onPolicyBundle = onPolicyBundle;
        _statusPayload = statusPayload;
        _jitter = jitter ?? Random.Shared;
    }

    /// <summary>Counters (counts only).</summary>
    public ForwarderCounters Counters { get; } = new();

    /// <summary>Connection state.</summary>
    public ForwarderState State => _state;

    /// <summary>Why the gate last refused the broker, when <see cref="State"/> is NotApproved.</summary>
    public GateRejection Rejection { get; } = new();

    /// <summary>Raised after the broker acknowledged a batch (argument: the total records acknowledged so far).</summary>
    public event Action<long>? BatchAcknowledged;

    /// <summary>Raised on every state change.</summary>
    public event Action<ForwarderState>? StateChanged;

    /// <summary>Connects, publishes and reconnects until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var approval = _approvedBroker();
            if (approval is null)
            {
                Rejection.Set("no approved broker in the current policy");
                Counters.GateRefused();
                SetState(ForwarderState.NotApproved);
            }
            else
            {
                try
                {
                    var delivered = await ConnectAndPumpAsync(approval, cancellationToken).ConfigureAwait(false);
                    attempt = delivered ? 0 : attempt;
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested && IsConnectFault(e))
                {
                    // Stopping: a connect or handshake that failed while the run was being cancelled ends the run quietly.
                    break;
                }
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            var ceiling = Math.Min(_options.ReconnectMaximumDelay.TotalMilliseconds, _options.ReconnectInitialDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt++, 20)));
            var delay = TimeSpan.FromMilliseconds((ceiling / 2) + (_jitter.NextDouble() * ceiling / 2));
            try
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        SetState(ForwarderState.Disconnected);
    }

    private async Task<bool> ConnectAndPumpAsync(BrokerApproval approval, CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        SetState(ForwarderState.Connecting);
        var refusalsBefore = Rejection.Refusals;
        MqttClientConnectResult connected;
        try
        {
            var options = BuildOptions(approval);
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            connected = await client.ConnectAsync(options, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsConnectFault(e))
        {
            if (Rejection.Refusals != refusalsBefore || FindGateException(e) is not null)
            {
                Counters.GateRefused();
                SetState(ForwarderState.NotApproved);
                LogNotApproved(_logger, approval.Host, Rejection.Reason ?? FindGateException(e)!.Reason);
            }
            else
            {
                Counters.ConnectFailed();
                SetState(ForwarderState.Disconnected);
                LogConnectFailed(_logger, approval.Host, e.GetBaseException().Message);
            }

            return false;
        }

        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            Counters.ConnectFailed();
            SetState(ForwarderState.Disconnected);
            LogConnectFailed(_logger, approval.Host, connected.ResultCode.ToString());
            return false;
        }

        var receiveMaximum = connected.ReceiveMaximum is null or 0 ? ushort.MaxValue : connected.ReceiveMaximum.Value;
        var cap = Math.Max(1, Math.Min(_options.MaxInFlight, (int)receiveMaximum));
        Rejection.Clear();
        Counters.Connected(cap);
        SetState(ForwarderState.Connected);
        LogConnected(_logger, approval.Host, cap);
        try
        {
            await SubscribePolicyAsync(client, cancellationToken).ConfigureAwait(false);
            await PublishStatusAsync(client, cancellationToken).ConfigureAwait(false);
            return await PumpAsync(client, cap, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsConnectFault(e))
        {
            LogConnectionLost(_logger, approval.Host, e.GetBaseException().Message);
            SetState(ForwarderState.Disconnected);
            return true;
        }
        finally
        {
            if (client.IsConnected)
            {
                using var bye = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await PublishAsync(client, _options.StatusTopic, OfflineStatus, retain: true, bye.Token).ConfigureAwait(false);
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), bye.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (IsConnectFault(e))
                {
                    // Leaving anyway; the broker's last will says offline.
                }
            }
        }
    }

    /// <summary>Publishes batches from the outbox until the connection drops or the run is cancelled.</summary>
    private async Task<bool> PumpAsync(IMqttClient client, int cap, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(cap, cap);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var cursor = 0L;
        var pending = new List<Task>();

        // Re-reads once a second even without a new record (records committed by another path, a dropped connection).
        // One timer per connection, not one per wait: a timer created per wait (20 a second at 20 Hz) woke the runtime's
        // timer thread each time.
        using var periodic = new PeriodicTimer(RereadInterval);
        Task<bool>? tick = null;
        try
        {
            while (client.IsConnected && !failed.IsCancellationRequested)
            {
                var batch = _outbox.ReadAfter(cursor, _options.BatchSize);
                if (batch.Count == 0)
                {
                    tick ??= periodic.WaitForNextTickAsync(failed.Token).AsTask();
                    if (await Task.WhenAny(_outbox.WhenRecordsAfter(cursor, failed.Token), tick).ConfigureAwait(false) == tick)
                    {
                        tick = null;
                    }

                    continue;
                }

                LogBatch(_logger, cursor, batch[0].Sequence, batch[^1].Sequence, batch.Count);
                cursor = batch[^1].Sequence;
                await slots.WaitAsync(failed.Token).ConfigureAwait(false);
                if (failed.IsCancellationRequested)
                {
                    // The slot came from a publish that failed (it cancels before it releases): the connection is
                    // going down, so this batch would only add one more resend beyond the in-flight window.
                    slots.Release();
                    break;
                }

                // Counted once the batch is really sent (a batch read while the connection drops is not a resend).
                var resent = CountUpTo(batch, _highestSent);
                if (resent > 0)
                {
                    Counters.Resent(resent);
                }

                _highestSent = Math.Max(_highestSent, cursor);
                pending.RemoveAll(static t => t.IsCompleted);
                pending.Add(PublishBatchAsync(client, batch, slots, failed));
            }
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // Stopped, or a publish failed: the connection is torn down and everything unacknowledged is sent again
            // after reconnect (the outbox still holds it).
        }

        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        SetState(ForwarderState.Disconnected);
        return true;
    }

    private async Task PublishBatchAsync(IMqttClient client, IReadOnlyList<OutboxRecord> batch, SemaphoreSlim slots, CancellationTokenSource failed)
    {
        Counters.EnterFlight();
        try
        {
            var payload = BatchPayload(batch);
            var result = await PublishAsync(client, _options.FixTopic, payload, retain: false, failed.Token).ConfigureAwait(false);
            if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                foreach (var record in batch)
                {
                    _outbox.Acknowledge(record.Sequence);
                }

                Counters.Acknowledged(batch.Count);
                BatchAcknowledged?.Invoke(Counters.RecordsAcknowledged);
            }
            else
            {
                Counters.PublishFailed();
                LogPublishRefused(_logger, result.ReasonCode.ToString());
                await failed.CancelAsync().ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // Any publish failure, whatever its type, must tear the connection down so nothing is skipped.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Counters.PublishFailed();
            LogPublishFailed(_logger, e);
            await failed.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            Counters.LeaveFlight();
            slots.Release();
        }
    }

    /// <summary>How many records of an ascending batch have a sequence at or below <paramref name="sequence"/>.</summary>
    private static int CountUpTo(IReadOnlyList<OutboxRecord> batch, long sequence)
    {
        var count = 0;
        while (count < batch.Count && batch[count].Sequence <= sequence)
        {
            count++;
        }

        return count;
    }

    /// <summary>A JSON array of the records' stored JSON objects, in sequence order.</summary>
    internal static byte[] BatchPayload(IReadOnlyList<OutboxRecord> batch)
    {
        var size = 1;
        for (var i = 0; i < batch.Count; i++)
        {
            size += batch[i].Payload.Length + 1;
        }

        var payload = new byte[Math.Max(2, size)];
        var span = payload.AsSpan();
        span[0] = (byte)'[';
        var at = 1;
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0)
            {
                span[at++] = (byte)',';
            }

            batch[i].Payload.Span.CopyTo(span[at..]);
            at += batch[i].Payload.Length;
        }

        span[at] = (byte)']';
        return payload;
    }

    private async Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.PublishTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await client.PublishAsync(
                new MqttApplicationMessageBuilder()
                    .WithTopic(topic)
                    .WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithRetainFlag(retain)
                    .Build(),
                linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no PUBACK within {_options.PublishTimeout.TotalSeconds:0.#} s");
        }
    }

    private async Task PublishStatusAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var status = _statusPayload?.Invoke().ToArray() ?? """{"v":1,"state":"online"}"""u8.ToArray();
        await PublishAsync(client, _options.StatusTopic, status, retain: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task SubscribePolicyAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        if (_onPolicyBundle is null)
        {
            return;
        }

        client.ApplicationMessageReceivedAsync += async e =>
        {
            var payload = e.ApplicationMessage.Payload;
            if (payload.Length > _options.MaxPolicyBundleBytes)
            {
                Counters.PolicyBundleTooLarge();
                return;
            }

            Counters.PolicyBundle();
            await _onPolicyBundle(payload.ToArray()).ConfigureAwait(false);
        };
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in _options.PolicyTopics)
        {
            subscribe.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
    }

    private MqttClientOptions BuildOptions(BrokerApproval approval) => BuildClientOptions(approval, _options, _time, Rejection);

    /// <summary>
    /// The client options of a connection through the gate (address ranges, TLS with the policy's CA/pins, client
    /// certificate); the self-test's handshake uses the same ones. Refusals are recorded in <paramref name="rejection"/>.
    /// </summary>
    internal static MqttClientOptions BuildClientOptions(BrokerApproval approval, ForwarderOptions options, TimeProvider time, GateRejection rejection)
    {
        var useTls = !approval.LoopbackDemo;
        var builder = new MqttClientOptionsBuilder()
            .WithClientId($"geofence-{options.UnitId}")
            .WithProtocolVersion(options.ProtocolVersion)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithWillTopic(options.StatusTopic)
            .WithWillPayload(OfflineStatus)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithEndPoint(new System.Net.DnsEndPoint(approval.Host, approval.Port))
            .WithTcpServer(tcp => tcp.StreamProvider = new GatedStreamProvider(approval, useTls, rejection));
        if (useTls)
        {
            var check = new ServerCertificateCheck(approval, time, rejection);
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls()
                    .WithTargetHost(approval.Host)
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithRevocationMode(System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck)
                    .WithCertificateValidationHandler(e => check.Validate(e.Certificate, e.SslPolicyErrors));
                if (options.ClientCertificate is { } certificate)
                {
                    tls.WithClientCertificates([certificate]);
                }
            });
        }

        if (approval.ClientCertificateRequired && options.ClientCertificate is null)
        {
            rejection.Set("the policy requires a client certificate and the unit has none");
            throw new BrokerNotApprovedException(rejection.Reason!);
        }

        return builder.Build();
    }

    private void SetState(ForwarderState state)
    {
        if (_state != state)
        {
            _state = state;
            _outbox.BrokerConnected = state == ForwarderState.Connected;
            StateChanged?.Invoke(state);
        }
    }

    private static BrokerNotApprovedException? FindGateException(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is BrokerNotApprovedException gate)
            {
                return gate;
            }
        }

        return null;
    }

    private static bool IsConnectFault(Exception e) =>
        e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttProtocolViolationException
            or BrokerNotApprovedException or AuthenticationException or IOException or System.Net.Sockets.SocketException
            or OperationCanceledException or InvalidOperationException or ObjectDisposedException;

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to approved broker {Host}; in-flight cap {Cap}")]
    private static partial void LogConnected(ILogger logger, string host, int cap);

    [LoggerMessage(Level = LogLevel.Warning, Message = "broker {Host} not approved: {Reason}; nothing published")]
    private static partial void LogNotApproved(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connect to {Host} failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connection to {Host} lost: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Trace, Message = "batch after {Cursor}: {First}..{Last} ({Count})")]
    private static partial void LogBatch(ILogger logger, long cursor, long first, long last, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "publish failed; reconnecting")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "broker refused a publish: {Reason}")]
    private static partial void LogPublishRefused(ILogger logger, string reason);
}
