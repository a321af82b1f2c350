using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using GeoFence.Forwarding.Connection;
using GeoFence.Forwarding.Gate;
using GeoFence.Forwarding.Publishing;
using GeoFence.Zones.Model;

namespace GeoFence.Device.Cli.Selftest;

/// <summary>
/// The broker line of the self-test: the connection the forwarder would make — the same session code
/// (<see cref="MqttSession"/>, <see cref="MqttForwarder.BuildConnectOptions"/>), so the same gate (address ranges), TLS validation (the policy's CA
/// and SPKI pins, host name, validity) and client certificate — then an MQTT CONNECT and DISCONNECT. It connects as
/// <c>geofence-{unit}-selftest</c> with a clean session and no will, so the agent's session and its queued policy
/// messages are left alone. Every FAIL says what to fix.
/// </summary>
internal static class BrokerHandshakeCheck
{
    /// <summary>How long TCP connect, TLS handshake and CONNACK together may take.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private const string Check = "broker";

    public static async Task<SelftestResult> RunAsync(BrokerApproval broker, ForwarderOptions options, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(options);
        var at = $"{broker.Host}:{broker.Port}";
        var rejection = new GateRejection();
        var connectOptions = MqttForwarder.BuildConnectOptions(options);
        connectOptions.ClientId += "-selftest";
        connectOptions.CleanSession = true;
        connectOptions.SessionExpiryInterval = 0;
        connectOptions.WillTopic = null;
        connectOptions.WillPayload = null;
        var sessionOptions = options with { ConnectTimeout = timeout };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var (session, connAck) = await MqttSession.ConnectAsync(broker, sessionOptions, connectOptions, time, rejection, null, null, deadline.Token).ConfigureAwait(false);
            using (session)
            {
                if (!MqttSession.IsAccepted(connAck, options.ProtocolVersion))
                {
                    return Fail(at, $"the broker refused the MQTT CONNECT ({MqttSession.Refusal(connAck, options.ProtocolVersion)})", "ask the broker's operator to admit this unit (client id prefix geofence-, its client certificate or ACL)");
                }

                session.Disconnect();
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsConnectFault(e))
        {
            return Classify(e, at, broker, options, rejection, timeout);
        }

        var security = broker.LoopbackDemo
            ? "plaintext loopback demo broker"
            : $"TLS to {(broker.CaCertificatesPem.Count > 0 ? "the pinned CA" : "an SPKI pin")}{(options.ClientCertificate is null ? string.Empty : " with the client certificate")}";
        return new(SelftestOutcome.Pass, Check, $"{at} approved by the policy; {security}, MQTT CONNECT accepted");
    }

    private static SelftestResult Classify(Exception e, string at, BrokerApproval broker, ForwarderOptions options, GateRejection rejection, TimeSpan timeout)
    {
        if (rejection.Reason is { } reason)
        {
            return Fail(at, reason, FixFor(reason, broker));
        }

        if (Find<BrokerNotApprovedException>(e) is { } gate)
        {
            return Fail(at, gate.Reason, FixFor(gate.Reason, broker));
        }

        var socket = Find<SocketException>(e);
        if (socket?.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return Fail(at, "connection refused", $"nothing listens on port {broker.Port}: start the broker, or check that it listens on the port the policy approves");
        }

        // A reset or EOF after the TCP connect, during the handshake: typically a plain listener or a refused client certificate.
        var droppedAfterConnect = socket is null || socket.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown;
        if (!broker.LoopbackDemo && droppedAfterConnect && (socket is not null || Find<AuthenticationException>(e) is not null || Find<IOException>(e) is not null))
        {
            var client = options.ClientCertificate is null
                ? "if the broker requires client certificates, set Broker:ClientCertificateFile and Broker:ClientKeyFile"
                : "check that the broker trusts the unit's client certificate (Broker:ClientCertificateFile)";
            return Fail(at, $"TLS handshake failed ({e.GetBaseException().Message.TrimEnd('.')})", $"check that port {broker.Port} is the broker's TLS listener (a plain MQTT listener cannot be used: the policy requires TLS); {client}");
        }

        if (socket is not null)
        {
            return Fail(at, socket.Message, $"check DNS for {broker.Host}, the network and the firewall");
        }

        if (e is OperationCanceledException || Find<MQTTnet.Exceptions.MqttCommunicationTimedOutException>(e) is not null || Find<TimeoutException>(e) is not null)
        {
            return Fail(at, string.Create(CultureInfo.InvariantCulture, $"no answer within {timeout.TotalSeconds:0} s (timeout)"), "check the network path and firewall, and that the broker is up");
        }

        return Fail(at, e.GetBaseException().Message.TrimEnd('.'), "check the broker and the network");
    }

    private static string FixFor(string reason, BrokerApproval broker) => reason switch
    {
        _ when reason.Contains("not issued by the pinned CA", StringComparison.Ordinal) =>
            "wrong CA: install a broker certificate issued by the CA the signed policy pins, or have the authority sign a policy pinning the broker's CA",
        _ when reason.Contains("does not name the approved host", StringComparison.Ordinal) =>
            $"name mismatch: the broker's certificate must carry {broker.Host} in its subjectAltName (the policy approves it by that name)",
        _ when reason.Contains("expired or not yet valid", StringComparison.Ordinal) =>
            "expired certificate: renew the broker's certificate, or set the unit's clock if it is wrong (see the clock line)",
        _ when reason.Contains("SPKI pin", StringComparison.Ordinal) =>
            "wrong pin: the broker's key is not the one the policy pins; restore the broker's key or have the authority sign a policy with its current pin",
        _ when reason.Contains("presented no certificate", StringComparison.Ordinal) =>
            "configure a certificate and key on the broker's TLS listener",
        _ when reason.Contains("neither a CA nor a key", StringComparison.Ordinal) =>
            "have the authority sign a policy that pins the broker's CA or key",
        _ when reason.Contains("outside the policy's ranges", StringComparison.Ordinal) =>
            $"{broker.Host} resolves or connects outside the policy's allowedCidrs: fix DNS, or have the authority update the policy",
        _ when reason.Contains("plaintext", StringComparison.Ordinal) =>
            "plaintext is allowed only to a loopback demo broker: use the broker's TLS port",
        _ when reason.Contains("client certificate", StringComparison.Ordinal) =>
            "the policy requires mTLS: set Broker:ClientCertificateFile and Broker:ClientKeyFile (PEM, readable by the geofence user)",
        _ => "check the broker against the signed policy (policy inspect)",
    };

    private static SelftestResult Fail(string at, string what, string fix) => new(SelftestOutcome.Fail, Check, $"{at}: {what}: {fix}");

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static bool IsConnectFault(Exception e) =>
        e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttProtocolViolationException or BrokerNotApprovedException
            or AuthenticationException or IOException or SocketException or OperationCanceledException or InvalidOperationException
            or ObjectDisposedException or TimeoutException;
}
