using System.Buffers;
using System.Security.Authentication;
using GeoFence.Forwarding.Connection;
using GeoFence.Forwarding.Gate;
using GeoFence.Forwarding.Outbox;
using GeoFence.Zones.Model;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Packets;
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
    private const int MaxMessagesInFlight = 65_000;
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
        var backoff = new Backoff(_options.ReconnectInitialDelay, _options.ReconnectMaximumDelay, _jitter);
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
                    if (delivered)
                    {
                        backoff.Reset();
                    }
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

            var delay = backoff.Next();
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
        SetState(ForwarderState.Connecting);
        var refusalsBefore = Rejection.Refusals;
        MqttSession session;
        MqttConnAckPacket connAck;
        try
        {
            using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            (session, connAck) = await MqttSession.ConnectAsync(
                approval, _options, BuildConnectOptions(_options), _time, Rejection, OnPolicyMessage, Counters.PolicyBundleTooLarge, linked.Token).ConfigureAwait(false);
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

        using (session)
        {
            if (!MqttSession.IsAccepted(connAck, _options.ProtocolVersion))
            {
                Counters.ConnectFailed();
                SetState(ForwarderState.Disconnected);
                LogConnectFailed(_logger, approval.Host, MqttSession.Refusal(connAck, _options.ProtocolVersion));
                return false;
            }

            var receiveMaximum = connAck.ReceiveMaximum == 0 ? ushort.MaxValue : connAck.ReceiveMaximum;
            // At most 65 000 messages in flight: a few packet identifiers stay free for the status and the subscription.
            var cap = Math.Max(1, Math.Min(Math.Min(_options.MaxInFlight, (int)receiveMaximum), MaxMessagesInFlight));
            Rejection.Clear();
            Counters.Connected(cap);
            SetState(ForwarderState.Connected);
            LogConnected(_logger, approval.Host, cap);
            try
            {
                await SubscribePolicyAsync(session, cancellationToken).ConfigureAwait(false);
                await PublishStatusAsync(session, cancellationToken).ConfigureAwait(false);
                return await PumpAsync(session, cap, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsConnectFault(e))
            {
                LogConnectionLost(_logger, approval.Host, e.GetBaseException().Message);
                SetState(ForwarderState.Disconnected);
                return true;
            }
            finally
            {
                if (!session.IsLost)
                {
                    try
                    {
                        await WaitAcknowledgedAsync(session.PublishAsync(_options.StatusTopic, OfflineStatus, retain: true), TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception e) when (IsConnectFault(e))
                    {
                        // Leaving anyway; the broker's last will says offline.
                    }

                    session.Disconnect();
                }
            }
        }
    }

    /// <summary>Publishes batches from the outbox until the connection drops or the run is cancelled.</summary>
    private async Task<bool> PumpAsync(MqttSession session, int cap, CancellationToken cancellationToken)
    {
        // Not disposed: a PUBACK may still release a slot on the session thread while this method returns.
#pragma warning disable CA2000
        var slots = new SemaphoreSlim(cap, cap);
#pragma warning restore CA2000
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Lost);
        var cursor = 0L;

        // Re-reads once a second even without a new record (records committed by another path, a dropped connection),
        // and drives the session's keep-alive and PUBACK timeout. One timer per connection, not one per wait: a timer
        // created per wait (20 a second at 20 Hz) woke the runtime's timer thread each time.
        using var periodic = new PeriodicTimer(RereadInterval);
        Task<bool>? tick = null;
        try
        {
            // IsLost is read directly: the Lost token is cancelled on the thread pool, a moment after the session knows.
            while (!failed.IsCancellationRequested && !session.IsLost)
            {
                var batch = _outbox.ReadAfter(cursor, _options.BatchSize);
                if (batch.Count == 0)
                {
                    // the tick is cancelled with the connection, so it also ends this wait
                    tick ??= periodic.WaitForNextTickAsync(failed.Token).AsTask();
                    if (await Task.WhenAny(_outbox.WhenRecordsAfter(cursor), tick).ConfigureAwait(false) == tick)
                    {
                        tick = null;
                        if (!failed.IsCancellationRequested)
                        {
                            session.Tick();
                        }
                    }

                    continue;
                }

                LogBatch(_logger, cursor, batch[0].Sequence, batch[^1].Sequence, batch.Count);
                cursor = batch[^1].Sequence;
                // All slots taken: the session still needs its tick (PUBACK timeout, keep-alive) while the pump waits.
                while (!await slots.WaitAsync(RereadInterval, failed.Token).ConfigureAwait(false))
                {
                    session.Tick();
                }

                if (failed.IsCancellationRequested || session.IsLost)
                {
                    // The slot came from a publish that failed: the connection is going down, so this batch would only
                    // add one more resend beyond the in-flight window.
                    slots.Release();
                    break;
                }

                // Counted once the batch is really written (a batch read while the connection drops is not a resend).
                var resent = CountUpTo(batch, _highestSent);
                if (PublishBatch(session, batch, slots, failed))
                {
                    if (resent > 0)
                    {
                        Counters.Resent(resent);
                    }

                    _highestSent = Math.Max(_highestSent, cursor);
                }
            }
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // Stopped, or the connection was lost: everything unacknowledged is sent again after reconnect (the outbox
            // still holds it).
        }

        if (session.IsLost && !cancellationToken.IsCancellationRequested)
        {
            LogSessionLost(_logger, session.Failure?.GetBaseException().Message ?? "closed");
        }

        SetState(ForwarderState.Disconnected);
        return true;
    }

    /// <summary>Sends one batch; its PUBACK (on the session thread) acknowledges the records and frees the slot. False when nothing was written.</summary>
    private bool PublishBatch(MqttSession session, IReadOnlyList<OutboxRecord> batch, SemaphoreSlim slots, CancellationTokenSource failed)
    {
        Counters.EnterFlight();
        return session.Publish(_options.FixTopic, BatchPayload(batch), retain: false, ack => OnBatchAcknowledged(ack, batch, slots, failed));
    }

    private void OnBatchAcknowledged(MqttPubAckPacket? ack, IReadOnlyList<OutboxRecord> batch, SemaphoreSlim slots, CancellationTokenSource failed)
    {
        try
        {
            if (ack is null)
            {
                // The connection was lost first; the records stay in the outbox and are sent again after reconnect.
                Counters.PublishFailed();
            }
            else if (IsDelivered(ack))
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
                LogPublishRefused(_logger, ack.ReasonCode.ToString());
                TryCancel(failed);
            }
        }
        finally
        {
            Counters.LeaveFlight();
            slots.Release();
        }
    }

    /// <summary>True for a PUBACK that means the broker took the message (no subscriber yet is fine: it was delivered to the broker).</summary>
    private static bool IsDelivered(MqttPubAckPacket ack) => ack.ReasonCode is MqttPubAckReasonCode.Success or MqttPubAckReasonCode.NoMatchingSubscribers;

    private static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            _ = source.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The pump already ended.
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

    /// <summary>Waits for a PUBACK within <paramref name="timeout"/>; a refusal or a lost connection throws.</summary>
    private async Task WaitAcknowledgedAsync(Task<MqttPubAckPacket?> acknowledged, TimeSpan timeout, CancellationToken cancellationToken)
    {
        MqttPubAckPacket? ack;
        try
        {
            ack = await acknowledged.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new IOException($"no PUBACK within {timeout.TotalSeconds:0.#} s");
        }

        if (ack is null)
        {
            throw new IOException("connection lost before the PUBACK");
        }

        if (!IsDelivered(ack))
        {
            throw new IOException($"broker refused the publish: {ack.ReasonCode}");
        }
    }

    private async Task PublishStatusAsync(MqttSession session, CancellationToken cancellationToken)
    {
        var status = _statusPayload?.Invoke().ToArray() ?? """{"v":1,"state":"online"}"""u8.ToArray();
        await WaitAcknowledgedAsync(session.PublishAsync(_options.StatusTopic, status, retain: true), _options.PublishTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task SubscribePolicyAsync(MqttSession session, CancellationToken cancellationToken)
    {
        if (_onPolicyBundle is null)
        {
            return;
        }

        try
        {
            await session.SubscribeAsync(_options.PolicyTopics).WaitAsync(_options.PublishTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new IOException($"no SUBACK within {_options.PublishTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>A message on a policy topic, on the session thread: applied before its PUBACK is sent.</summary>
    private void OnPolicyMessage(MqttPublishPacket message)
    {
        if (_onPolicyBundle is null)
        {
            return;
        }

        if (message.Payload.Length > _options.MaxPolicyBundleBytes)
        {
            Counters.PolicyBundleTooLarge();
            return;
        }

        Counters.PolicyBundle();
        _onPolicyBundle(message.Payload.ToArray()).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The MQTT-level options of the unit's connection (client id, persistent session, keep-alive, "offline" last will);
    /// the gate, TLS and the socket are <see cref="BrokerConnector"/>'s. The self-test adjusts a copy.
    /// </summary>
    internal static MqttClientOptions BuildConnectOptions(ForwarderOptions options) =>
        new MqttClientOptionsBuilder()
            .WithClientId($"geofence-{options.UnitId}")
            .WithProtocolVersion(options.ProtocolVersion)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithWillTopic(options.StatusTopic)
            .WithWillPayload(OfflineStatus)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTcpServer("unused")
            .Build();

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

    /// <summary>True for the failures of connecting to or talking with a broker (as opposed to programming errors).</summary>
    internal static bool IsConnectFault(Exception e) =>
        e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttProtocolViolationException
            or BrokerNotApprovedException or AuthenticationException or IOException or System.Net.Sockets.SocketException
            or OperationCanceledException or InvalidOperationException or ObjectDisposedException or TimeoutException;

    [LoggerMessage(Level = LogLevel.Information, Message = "connected to approved broker {Host}; in-flight cap {Cap}")]
    private static partial void LogConnected(ILogger logger, string host, int cap);

    [LoggerMessage(Level = LogLevel.Warning, Message = "broker {Host} not approved: {Reason}; nothing published")]
    private static partial void LogNotApproved(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connect to {Host} failed: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connection to {Host} lost: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "connection lost: {Reason}")]
    private static partial void LogSessionLost(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Trace, Message = "batch after {Cursor}: {First}..{Last} ({Count})")]
    private static partial void LogBatch(ILogger logger, long cursor, long first, long last, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "broker refused a publish: {Reason}")]
    private static partial void LogPublishRefused(ILogger logger, string reason);
}
