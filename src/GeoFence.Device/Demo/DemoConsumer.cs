using System.Buffers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace GeoFence.Device.Demo;

/// <summary>
/// The demo's receiving side: an MQTT client on the unit's fix and status topics over TLS that trusts only the demo CA
/// (and checks the broker's name). Counts distinct records by <c>seq</c> (a resend after a reconnect is a duplicate,
/// not a new record), records per level, status messages and malformed messages; signals when N records arrived.
/// It never keeps or prints a position.
/// </summary>
public sealed class DemoConsumer : IAsyncDisposable
{
    /// <summary>Distinct sequence numbers remembered at most (bounded; beyond it records are counted as untracked).</summary>
    public const int MaxTrackedRecords = 1_000_000;

    /// <summary>Largest message accepted; larger ones count as malformed.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    private readonly IMqttClient _client;
    private readonly string _fixTopic;
    private readonly string _statusTopic;
    private readonly Lock _gate = new();
    private readonly HashSet<long> _sequences = [];
    private readonly Dictionary<string, long> _byLevel = new(StringComparer.Ordinal);
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private long _duplicates;
    private long _untracked;
    private long _malformed;
    private long _statusMessages;
    private string? _lastStatus;

    private DemoConsumer(IMqttClient client, string fixTopic, string statusTopic)
    {
        _client = client;
        _fixTopic = fixTopic;
        _statusTopic = statusTopic;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
    }

    /// <summary>Distinct records received (by <c>seq</c>).</summary>
    public int Records
    {
        get
        {
            lock (_gate)
            {
                return _sequences.Count;
            }
        }
    }

    /// <summary>Records received again with a <c>seq</c> already seen.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    /// <summary>Messages on the fix or status topic that were not what the unit sends (not a JSON array of records, too large).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Records not remembered because <see cref="MaxTrackedRecords"/> was reached.</summary>
    public long Untracked => Interlocked.Read(ref _untracked);

    /// <summary>Status messages received.</summary>
    public long StatusMessages => Interlocked.Read(ref _statusMessages);

    /// <summary>The last status payload (counts and states only, by the unit's status contract).</summary>
    public string? LastStatus => Volatile.Read(ref _lastStatus);

    /// <summary>Distinct records per <c>level</c> (precise, redacted, heartbeat).</summary>
    public IReadOnlyDictionary<string, long> RecordsByLevel()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_byLevel, StringComparer.Ordinal);
        }
    }

    /// <summary>The distinct sequence numbers received, ascending.</summary>
    public IReadOnlyList<long> Sequences()
    {
        lock (_gate)
        {
            return [.. _sequences.Order()];
        }
    }

    /// <summary>
    /// Connects to <paramref name="host"/>:<paramref name="port"/> over TLS 1.2/1.3, accepting only a certificate that
    /// names the host and chains to <paramref name="trustedCa"/>, and subscribes to the two topics (QoS 1).
    /// </summary>
    public static async Task<DemoConsumer> ConnectAsync(string host, int port, X509Certificate2 trustedCa, string fixTopic, string statusTopic, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trustedCa);
        var client = new MqttClientFactory().CreateMqttClient();
        var consumer = new DemoConsumer(client, fixTopic, statusTopic);
        try
        {
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithClientId("geofence-demo-consumer-" + Guid.NewGuid().ToString("N")[..8])
                .WithCleanStart(true)
                .WithTlsOptions(tls => tls.UseTls()
                    .WithTargetHost(host)
                    .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .WithRevocationMode(X509RevocationMode.NoCheck)
                    .WithCertificateValidationHandler(e => IsTrusted(e.Certificate, e.SslPolicyErrors, trustedCa)))
                .Build();
            await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            await client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(fixTopic, MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(statusTopic, MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build(),
                cancellationToken).ConfigureAwait(false);
            return consumer;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The check that replaces the platform's: the certificate must name the host (no name mismatch) and chain to the
    /// trusted CA alone (custom root trust, revocation off: everything is local and ephemeral).
    /// </summary>
    public static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 trustedCa)
    {
        ArgumentNullException.ThrowIfNull(trustedCa);
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    /// <summary>Completes when at least <paramref name="count"/> distinct records have arrived.</summary>
    public Task WhenRecordsAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_sequences.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            using var bye = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), bye.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or ObjectDisposedException)
            {
                // Leaving anyway.
            }
        }

        _client.Dispose();
        lock (_gate)
        {
            foreach (var (_, signal) in _waiters)
            {
                signal.TrySetCanceled();
            }

            _waiters.Clear();
        }
    }

    /// <summary>Handles one message as the client delivers it (internal so the tests can feed malformed input directly).</summary>
    internal void OnMessage(string topic, byte[] payload)
    {
        if (payload.Length > MaxMessageBytes)
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        if (string.Equals(topic, _statusTopic, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _statusMessages);
            Volatile.Write(ref _lastStatus, payload.Length <= 1024 ? Encoding.UTF8.GetString(payload) : null);
            return;
        }

        if (!string.Equals(topic, _fixTopic, StringComparison.Ordinal))
        {
            return;
        }

        if (!TryReadRecords(payload, out var records))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }

        lock (_gate)
        {
            foreach (var (sequence, level) in records)
            {
                if (_sequences.Contains(sequence))
                {
                    Interlocked.Increment(ref _duplicates);
                }
                else if (_sequences.Count >= MaxTrackedRecords)
                {
                    Interlocked.Increment(ref _untracked);
                }
                else
                {
                    _sequences.Add(sequence);
                    _byLevel[level] = _byLevel.GetValueOrDefault(level) + 1;
                }
            }

            foreach (var waiter in _waiters.Where(w => _sequences.Count >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private static bool TryReadRecords(byte[] payload, out List<(long Sequence, string Level)> records)
    {
        records = [];
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                return false;
            }

            foreach (var record in document.RootElement.EnumerateArray())
            {
                if (record.ValueKind != JsonValueKind.Object
                    || !record.TryGetProperty("seq", out var seq) || !seq.TryGetInt64(out var sequence)
                    || !record.TryGetProperty("level", out var level) || level.ValueKind != JsonValueKind.String
                    || level.GetString() is not ("precise" or "redacted" or "heartbeat"))
                {
                    return false;
                }

                records.Add((sequence, level.GetString()!));
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
