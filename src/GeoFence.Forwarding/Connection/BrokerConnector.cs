using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using GeoFence.Forwarding.Gate;
using GeoFence.Forwarding.Publishing;
using GeoFence.Zones.Model;

namespace GeoFence.Forwarding.Connection;

/// <summary>
/// Opens the byte stream to an approved broker through the gate, on blocking sockets: every resolved address outside the
/// policy's CIDR ranges is skipped before any byte is sent, the socket's remote endpoint is checked again after connect,
/// TLS is validated against the policy's CA/pins only, and plaintext is allowed only for a loopback-demo broker on a
/// loopback address. The socket stays in blocking mode (never registered with the runtime's socket engine), so the
/// session thread that reads it is woken by the kernel directly.
/// </summary>
internal static class BrokerConnector
{
    /// <summary>Connects and, unless the broker is a loopback demo, completes the TLS handshake before <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public static BrokerLink Connect(BrokerApproval approval, ForwarderOptions options, TimeProvider time, GateRejection rejection, long deadline, CancellationToken cancellationToken)
    {
        var useTls = !approval.LoopbackDemo;
        if (approval.ClientCertificateRequired && options.ClientCertificate is null)
        {
            throw Refuse(rejection, "the policy requires a client certificate and the unit has none");
        }

        IPAddress[] candidates = IPAddress.TryParse(approval.Host, out var literal) ? [literal] : Dns.GetHostAddresses(approval.Host);
        cancellationToken.ThrowIfCancellationRequested(); // name resolution blocks and may have outlasted a stop
        var refusals = new List<string>();
        foreach (var address in candidates)
        {
            if (!approval.AllowsAddress(address))
            {
                refusals.Add($"address {address} is outside the policy's ranges");
                continue;
            }

            if (!useTls && !IPAddress.IsLoopback(address))
            {
                refusals.Add($"plaintext to non-loopback address {address}");
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                ConnectBlocking(socket, new IPEndPoint(address, approval.Port), deadline, cancellationToken);
                var connected = (socket.RemoteEndPoint as IPEndPoint)?.Address;
                if (connected is null || !approval.AllowsAddress(connected))
                {
                    throw Refuse(rejection, $"connected address {connected} is outside the policy's ranges");
                }

                var bytes = new WriteBehindSocketStream(socket);
                if (!useTls)
                {
                    return new BrokerLink(socket, bytes);
                }

                return new BrokerLink(socket, Handshake(bytes, socket, approval, options, time, rejection, deadline, cancellationToken));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw Refuse(rejection, refusals.Count > 0 ? string.Join("; ", refusals) : $"{approval.Host} resolved to no address");
    }

    /// <summary>
    /// A blocking connect, aborted by shutdown(2) at the deadline or on cancellation (Linux wakes a connect in progress
    /// on shutdown). Not a non-blocking connect: .NET keeps a socket that was ever non-blocking non-blocking for good and
    /// emulates blocking calls through its socket-engine thread, one more wake-up per read.
    /// </summary>
    private static void ConnectBlocking(Socket socket, IPEndPoint endPoint, long deadline, CancellationToken cancellationToken)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        if (left <= TimeSpan.Zero)
        {
            throw new TimeoutException("TCP connect timed out");
        }

        using var timer = new CancellationTokenSource(left);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        using (linked.Token.Register(static s => BrokerLink.TryShutdown((Socket)s!), socket))
        {
            // A cancellation before the connect starts would shut down a socket that is not connecting yet (no effect).
            if (!linked.IsCancellationRequested)
            {
                try
                {
                    socket.Connect(endPoint);
                }
                catch (SocketException) when (linked.IsCancellationRequested)
                {
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (timer.IsCancellationRequested)
        {
            throw new TimeoutException("TCP connect timed out");
        }
    }

    private static SslStream Handshake(Stream network, Socket socket, BrokerApproval approval, ForwarderOptions options, TimeProvider time, GateRejection rejection, long deadline, CancellationToken cancellationToken)
    {
        var check = new ServerCertificateCheck(approval, time, rejection);
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        var timeout = (int)Math.Clamp(left.TotalMilliseconds, 1, int.MaxValue);
        socket.ReceiveTimeout = timeout;
        socket.SendTimeout = timeout;
        using var abort = cancellationToken.Register(static s => BrokerLink.TryShutdown((Socket)s!), socket);
        try
        {
            tls.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = approval.Host,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                AllowRenegotiation = false, // a renegotiation would make a publish's write wait for a read
                ClientCertificates = options.ClientCertificate is { } certificate ? [certificate] : null,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => check.Validate(certificate, errors),
            });
        }
        catch
        {
            tls.Dispose();
            throw;
        }

        socket.ReceiveTimeout = 0;
        socket.SendTimeout = 0;
        return tls;
    }

    private static BrokerNotApprovedException Refuse(GateRejection rejection, string reason)
    {
        rejection.Set(reason);
        return new BrokerNotApprovedException(reason);
    }
}
