using System.Buffers;
using System.Diagnostics;
using GeoFence.Forwarding.Gate;
using GeoFence.Forwarding.Publishing;
using GeoFence.Zones.Model;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace GeoFence.Forwarding.Connection;

/// <summary>
/// One MQTT connection to an approved broker, with its own thread. The thread connects (gate, TLS, CONNECT/CONNACK),
/// then blocks reading the socket; a PUBACK completes its publish on that thread, with no thread-pool hop, and incoming
/// messages are acknowledged there. Publishing writes from the caller's thread. Keep-alive and timeouts are driven by
/// <see cref="Tick"/> (the forwarder's one-second timer), not by a timer of the session's own. Every publish completes
/// exactly once: with its PUBACK, or with null when the connection is lost.
/// </summary>
internal sealed class MqttSession : IDisposable
{
    private readonly BrokerApproval _approval;
    private readonly ForwarderOptions _options;
    private readonly MqttClientOptions _connectOptions;
    private readonly TimeProvider _time;
    private readonly GateRejection _rejection;
    private readonly Action<MqttPublishPacket>? _onMessage;
    private readonly Action? _onOversizedMessage;
    private readonly CancellationTokenSource _lostSource = new();
    private readonly TaskCompletionSource<MqttConnAckPacket> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, InFlight> _inFlight = [];
    private readonly Dictionary<ushort, TaskCompletionSource<MqttSubAckPacket>> _subscribing = [];
    private readonly Thread _thread;
    private BrokerLink? _link;
    private MqttWire? _wire;
    private ushort _lastIdentifier;
    private bool _lost;
    private long _lastSent;
    private TimeSpan _keepAlive;

    private MqttSession(BrokerApproval approval, ForwarderOptions options, MqttClientOptions connectOptions, TimeProvider time, GateRejection rejection, Action<MqttPublishPacket>? onMessage, Action? onOversizedMessage)
    {
        _approval = approval;
        _options = options;
        _connectOptions = connectOptions;
        _time = time;
        _rejection = rejection;
        _onMessage = onMessage;
        _onOversizedMessage = onOversizedMessage;
        _keepAlive = connectOptions.KeepAlivePeriod;
        _thread = new Thread(Run) { IsBackground = true, Name = "mqtt session" };
    }

    /// <summary>Cancelled when the connection is lost or closed.</summary>
    public CancellationToken Lost => _lostSource.Token;

    /// <summary>True once the connection is lost or closed.</summary>
    public bool IsLost => Volatile.Read(ref _lost);

    /// <summary>Why the connection was lost (null while it is up, or after an orderly close).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>True when the stream is TLS.</summary>
    public bool IsSecure => _link?.IsSecure ?? false;

    /// <summary>
    /// Connects on a new session thread and returns once the broker answered CONNACK (accepted or not: see
    /// <see cref="IsAccepted"/>). Throws what the connect threw (gate refusal, socket, TLS, timeout, protocol).
    /// </summary>
    public static async Task<(MqttSession Session, MqttConnAckPacket ConnAck)> ConnectAsync(
        BrokerApproval approval,
        ForwarderOptions options,
        MqttClientOptions connectOptions,
        TimeProvider time,
        GateRejection rejection,
        Action<MqttPublishPacket>? onMessage,
        Action? onOversizedMessage,
        CancellationToken cancellationToken)
    {
        var session = new MqttSession(approval, options, connectOptions, time, rejection, onMessage, onOversizedMessage);
        try
        {
            session._thread.Start();
            var connAck = await session._connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return (session, connAck);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>True when a CONNACK accepts the connection (MQTT 5 reason code or 3.1.1 return code).</summary>
    public static bool IsAccepted(MqttConnAckPacket connAck, MqttProtocolVersion version) =>
        version == MqttProtocolVersion.V500
            ? connAck.ReasonCode == MqttConnectReasonCode.Success
            : connAck.ReturnCode == MqttConnectReturnCode.ConnectionAccepted;

    /// <summary>The CONNACK's refusal in words.</summary>
    public static string Refusal(MqttConnAckPacket connAck, MqttProtocolVersion version) =>
        version == MqttProtocolVersion.V500 ? connAck.ReasonCode.ToString() : connAck.ReturnCode.ToString();

    /// <summary>
    /// Sends a QoS 1 PUBLISH; <paramref name="completed"/> runs once, with the PUBACK or with null when the connection is
    /// lost. False when the connection was already lost and nothing was written (<paramref name="completed"/> has run).
    /// </summary>
    public bool Publish(string topic, byte[] payload, bool retain, Action<MqttPubAckPacket?> completed)
    {
        ushort identifier;
        lock (_gate)
        {
            identifier = _lost ? (ushort)0 : NextIdentifier();
            if (identifier != 0)
            {
                _inFlight[identifier] = new InFlight(completed, Stopwatch.GetTimestamp());
            }
        }

        if (identifier == 0)
        {
            completed(null);
            return false;
        }

        return Send(new MqttPublishPacket
        {
            Topic = topic,
            Payload = new ReadOnlySequence<byte>(payload),
            QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
            Retain = retain,
            PacketIdentifier = identifier,
        });
    }

    /// <summary>Sends a QoS 1 PUBLISH and waits for its PUBACK; null when the connection was lost first.</summary>
    public Task<MqttPubAckPacket?> PublishAsync(string topic, byte[] payload, bool retain)
    {
        var done = new TaskCompletionSource<MqttPubAckPacket?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Publish(topic, payload, retain, ack => done.TrySetResult(ack));
        return done.Task;
    }

    /// <summary>Subscribes at QoS 1 and waits for the SUBACK.</summary>
    public Task<MqttSubAckPacket> SubscribeAsync(IReadOnlyList<string> topics)
    {
        var done = new TaskCompletionSource<MqttSubAckPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        ushort identifier;
        lock (_gate)
        {
            if (_lost)
            {
                return Task.FromException<MqttSubAckPacket>(new IOException("connection lost"));
            }

            identifier = NextIdentifier();
            if (identifier == 0)
            {
                return Task.FromException<MqttSubAckPacket>(new InvalidOperationException("no free packet identifier"));
            }

            _subscribing[identifier] = done;
        }

        var packet = new MqttSubscribePacket { PacketIdentifier = identifier };
        foreach (var topic in topics)
        {
            packet.TopicFilters.Add(new MqttTopicFilter { Topic = topic, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce });
        }

        _ = Send(packet);
        return done.Task;
    }

    /// <summary>
    /// Once a second: a PINGREQ when nothing was sent for half the keep-alive; the connection counts as lost when nothing
    /// arrived for 1.5 keep-alive periods or a PUBACK is older than the publish timeout.
    /// </summary>
    public void Tick()
    {
        if (IsLost || _wire is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();

        // Liveness is bytes arriving, not whole packets: a large policy message still downloading holds back the
        // PUBACKs queued behind it, and must not get the connection killed.
        var lastHeard = _wire.LastReadTimestamp;
        if (_keepAlive > TimeSpan.Zero && Stopwatch.GetElapsedTime(lastHeard, now) > _keepAlive * 1.5)
        {
            Fail(new TimeoutException($"nothing from the broker for {(_keepAlive * 1.5).TotalSeconds:0.#} s"));
            return;
        }

        long oldest = long.MaxValue;
        lock (_gate)
        {
            foreach (var entry in _inFlight.Values)
            {
                oldest = Math.Min(oldest, entry.SentAt);
            }
        }

        if (oldest != long.MaxValue && Stopwatch.GetElapsedTime(Math.Max(oldest, lastHeard), now) > _options.PublishTimeout)
        {
            Fail(new TimeoutException($"no PUBACK within {_options.PublishTimeout.TotalSeconds:0.#} s"));
            return;
        }

        if (_keepAlive > TimeSpan.Zero && Stopwatch.GetElapsedTime(Volatile.Read(ref _lastSent), now) >= _keepAlive / 2)
        {
            _ = Send(MqttPingReqPacket.Instance);
        }
    }

    /// <summary>Sends DISCONNECT (the broker then discards the last will) and closes.</summary>
    public void Disconnect()
    {
        if (!IsLost && _wire is not null)
        {
            _ = Send(new MqttDisconnectPacket { ReasonCode = MqttDisconnectReasonCode.NormalDisconnection });
        }

        Close(null);
    }

    /// <summary>Closes the connection; publishes still in flight complete with null.</summary>
    public void Dispose() => Close(null);

    private void Run()
    {
        try
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(_options.ConnectTimeout.TotalSeconds * Stopwatch.Frequency);
            var link = BrokerConnector.Connect(_approval, _options, _time, _rejection, deadline, _lostSource.Token);
            lock (_gate)
            {
                if (_lost)
                {
                    link.Dispose();
                    throw new OperationCanceledException("closed while connecting");
                }

                _link = link;
            }

            _wire = new MqttWire(link.Stream, _connectOptions.ProtocolVersion, _options.MaxPolicyBundleBytes + 65536);
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("connect timed out before CONNECT was sent");
            }

            link.SetReceiveTimeout(left);
            if (!Send(MqttConnectPacketFactory.Create(_connectOptions)))
            {
                throw Failure ?? new IOException("connection lost before CONNECT");
            }

            var answer = _wire.Receive();
            if (answer is not MqttConnAckPacket connAck)
            {
                throw answer is null
                    ? new IOException("the broker closed the connection before CONNACK")
                    : new MqttProtocolViolationException($"expected CONNACK, got {answer.GetType().Name}");
            }

            link.SetReceiveTimeout(TimeSpan.Zero);
            if (connAck.ServerKeepAlive > 0)
            {
                _keepAlive = TimeSpan.FromSeconds(connAck.ServerKeepAlive);
            }

            _connected.TrySetResult(connAck);
            if (!IsAccepted(connAck, _connectOptions.ProtocolVersion))
            {
                Close(null);
                return;
            }
        }
#pragma warning disable CA1031 // Whatever the connect threw is handed to the caller, who classifies it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _connected.TrySetException(e);
            Close(e);
            return;
        }

        ReceiveLoop();
    }

    private void ReceiveLoop()
    {
        try
        {
            while (true)
            {
                var packet = _wire!.Receive();
                if (packet is null)
                {
                    Fail(new IOException("the broker closed the connection"));
                    return;
                }

                Dispatch(packet);
            }
        }
#pragma warning disable CA1031 // A read or decode failure of any kind ends the connection; the forwarder reconnects.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail(e);
        }
    }

    private void Dispatch(MqttPacket packet)
    {
        switch (packet)
        {
            case MqttPubAckPacket ack:
                Complete(ack.PacketIdentifier, ack);
                break;
            case MqttPingRespPacket:
                break;
            case MqttSubAckPacket subAck:
                TaskCompletionSource<MqttSubAckPacket>? waiting;
                lock (_gate)
                {
                    _subscribing.Remove(subAck.PacketIdentifier, out waiting);
                }

                waiting?.TrySetResult(subAck);
                break;
            case MqttPublishPacket message:
                if (message.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
                {
                    throw new MqttProtocolViolationException("QoS 2 message on a QoS 1 subscription");
                }

                _onMessage?.Invoke(message);
                if (message.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtLeastOnce)
                {
                    _ = Send(new MqttPubAckPacket { PacketIdentifier = message.PacketIdentifier, ReasonCode = MqttPubAckReasonCode.Success });
                }

                break;
            case OversizedPacket { IsPublish: true, QualityOfService: 2 }:
                throw new MqttProtocolViolationException("QoS 2 message on a QoS 1 subscription");
            case OversizedPacket oversized when oversized.IsPublish:
                _onOversizedMessage?.Invoke();
                if (oversized.PacketIdentifier != 0)
                {
                    _ = Send(new MqttPubAckPacket { PacketIdentifier = oversized.PacketIdentifier, ReasonCode = MqttPubAckReasonCode.Success });
                }

                break;
            case MqttDisconnectPacket disconnect:
                throw new IOException($"the broker disconnected: {disconnect.ReasonCode}{(disconnect.ReasonString is { Length: > 0 } why ? " (" + why + ")" : string.Empty)}");
            default:
                throw new MqttProtocolViolationException($"unexpected {packet.GetType().Name} from the broker");
        }
    }

    private void Complete(ushort identifier, MqttPubAckPacket ack)
    {
        InFlight entry;
        lock (_gate)
        {
            if (!_inFlight.Remove(identifier, out entry))
            {
                return;
            }
        }

        Invoke(entry, ack);
    }

    /// <summary>Runs a completion; one that throws must not take the session thread (and the process) down.</summary>
    private static void Invoke(InFlight entry, MqttPubAckPacket? ack)
    {
        try
        {
            entry.Completed(ack);
        }
#pragma warning disable CA1031 // The forwarder's completions do not throw; if one ever did, the others must still run.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Writes a packet; false (and the connection lost) when the write failed.</summary>
    private bool Send(MqttPacket packet)
    {
        try
        {
            _wire!.Send(packet);
            Volatile.Write(ref _lastSent, Stopwatch.GetTimestamp());
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            Fail(e);
            return false;
        }
    }

    /// <summary>The next packet identifier not in use (1..65535), or 0 when every one is in use.</summary>
    private ushort NextIdentifier()
    {
        for (var tried = 0; tried < ushort.MaxValue; tried++)
        {
            _lastIdentifier = _lastIdentifier == ushort.MaxValue ? (ushort)1 : (ushort)(_lastIdentifier + 1);
            if (!_inFlight.ContainsKey(_lastIdentifier) && !_subscribing.ContainsKey(_lastIdentifier))
            {
                return _lastIdentifier;
            }
        }

        return 0;
    }

    private void Fail(Exception reason) => Close(reason);

    private void Close(Exception? reason)
    {
        InFlight[] lost;
        TaskCompletionSource<MqttSubAckPacket>[] subscribing;
        BrokerLink? link;
        lock (_gate)
        {
            if (_lost)
            {
                return;
            }

            _lost = true;
            Failure = reason;
            lost = [.. _inFlight.Values];
            _inFlight.Clear();
            subscribing = [.. _subscribing.Values];
            _subscribing.Clear();
            link = _link;
        }

        // Wakes the session thread (blocked in a read) and stops a connect in progress; callbacks of the token run on
        // the thread pool, never on the session thread that may be the one closing.
        link?.Dispose();
        _ = _lostSource.CancelAsync();
        if (reason is null)
        {
            _connected.TrySetCanceled();
        }
        else if (_connected.TrySetException(reason))
        {
            _ = _connected.Task.Exception; // observed: the caller may have stopped waiting (timeout)
        }
        foreach (var entry in lost)
        {
            Invoke(entry, null);
        }

        foreach (var waiting in subscribing)
        {
            waiting.TrySetException(reason ?? new IOException("connection closed"));
        }
    }

    private readonly record struct InFlight(Action<MqttPubAckPacket?> Completed, long SentAt);
}
