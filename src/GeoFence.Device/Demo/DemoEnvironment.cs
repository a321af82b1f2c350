using GeoFence.Forwarding.Publishing;

namespace GeoFence.Device.Demo;

/// <summary>
/// Everything <c>geofence-device demo</c> runs the unit against, made at start and gone at dispose: an ephemeral CA,
/// the embedded TLS broker, the signed demo policy pinning that CA, a temporary unit directory with the policy installed
/// as in the field, the re-pathed drive, and a consumer on the unit's topics. The host starts from
/// <see cref="DataDirectory"/>, <see cref="TrustDirectory"/> and <see cref="DeviceKeyFile"/>, reads
/// <see cref="OpenCapture"/>, and chooses the broker from the installed policy (its only broker is this one).
/// </summary>
public sealed class DemoEnvironment : IAsyncDisposable
{
    private readonly DemoEnvironmentOptions _options;
    private int _disposed;

    private DemoEnvironment(DemoEnvironmentOptions options, DemoCertificateAuthority authority, EmbeddedBroker broker, DemoPolicy policy, DemoUnitDirectory unit, DemoDrive drive)
    {
        _options = options;
        Authority = authority;
        Broker = broker;
        Policy = policy;
        Unit = unit;
        Drive = drive;
    }

    /// <summary>The ephemeral CA and the broker's certificate.</summary>
    public DemoCertificateAuthority Authority { get; }

    /// <summary>The embedded broker.</summary>
    public EmbeddedBroker Broker { get; }

    /// <summary>The signed demo policy.</summary>
    public DemoPolicy Policy { get; }

    /// <summary>The temporary unit directory.</summary>
    public DemoUnitDirectory Unit { get; }

    /// <summary>The re-pathed drive.</summary>
    public DemoDrive Drive { get; }

    /// <summary>The consumer on the unit's topics (null when <see cref="DemoEnvironmentOptions.ConnectConsumer"/> is false).</summary>
    public DemoConsumer? Consumer { get; private set; }

    /// <summary>The unit's data directory (installed policy; put the outbox and audit here).</summary>
    public string DataDirectory => Unit.DataDirectory;

    /// <summary>The unit's trust directory.</summary>
    public string TrustDirectory => Unit.TrustDirectory;

    /// <summary>The unit's device key file.</summary>
    public string DeviceKeyFile => Unit.DeviceKeyFile;

    /// <summary>The signed bundle file (as <c>policy sign</c> writes it).</summary>
    public string BundleFile => Unit.BundleFile;

    /// <summary>The drive written as a file (for <c>simulate --input</c>).</summary>
    public string DriveFile => Path.Combine(Unit.Root, "drive.nmea");

    /// <summary>The unit id.</summary>
    public string UnitId => _options.UnitId;

    /// <summary>The topic prefix.</summary>
    public string TopicPrefix => _options.TopicPrefix;

    /// <summary>The broker's address (the policy's approved host).</summary>
    public static string BrokerHost => EmbeddedBroker.Host;

    /// <summary>The broker's TLS port.</summary>
    public int BrokerPort => Broker.Port;

    /// <summary>Topic the unit publishes records to.</summary>
    public string FixTopic => $"{TopicPrefix}/{UnitId}/fix";

    /// <summary>Topic of the unit's retained status.</summary>
    public string StatusTopic => $"{TopicPrefix}/{UnitId}/status";

    /// <summary>Opens a fresh stream over the drive: the capture stream factory for the intake.</summary>
    public Func<Stream> OpenCapture => Drive.Open;

    /// <summary>Forwarder options for this unit (id and prefix; everything else at the field defaults).</summary>
    public ForwarderOptions ForwarderOptions() => new() { UnitId = UnitId, TopicPrefix = TopicPrefix };

    /// <summary>Makes the CA, starts the broker, signs and installs the policy, writes the drive, connects the consumer.</summary>
    public static async Task<DemoEnvironment> StartAsync(DemoEnvironmentOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DemoEnvironmentOptions();
        var now = options.Time.GetUtcNow();
        var root = options.ParentDirectory is { } parent
            ? Directory.CreateDirectory(Path.Combine(parent, "geofence-demo-" + Guid.NewGuid().ToString("N")[..12])).FullName
            : Directory.CreateTempSubdirectory("geofence-demo-").FullName;

        DemoCertificateAuthority? authority = null;
        EmbeddedBroker? broker = null;
        DemoEnvironment? environment = null;
        try
        {
            authority = DemoCertificateAuthority.Create(now, options.Validity);
            broker = await EmbeddedBroker.StartAsync(authority).ConfigureAwait(false);
            var policy = DemoPolicy.Create(options.Route, authority.CaCertificatePem, broker.Port, now, options.Validity);
            var unit = policy.WriteUnit(root, options.Time);
            var drive = DemoDrive.Create(options.Route, options.DriveStart ?? now);
            environment = new DemoEnvironment(options, authority, broker, policy, unit, drive);
            drive.WriteTo(environment.DriveFile);
            if (options.ConnectConsumer)
            {
                environment.Consumer = await DemoConsumer.ConnectAsync(BrokerHost, broker.Port, authority.CaCertificate, environment.FixTopic, environment.StatusTopic, cancellationToken).ConfigureAwait(false);
            }

            return environment;
        }
        catch
        {
            if (environment is not null)
            {
                await environment.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                if (broker is not null)
                {
                    await broker.DisposeAsync().ConfigureAwait(false);
                }

                authority?.Dispose();
                DeleteDirectory(root);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Consumer is not null)
        {
            await Consumer.DisposeAsync().ConfigureAwait(false);
        }

        await Broker.DisposeAsync().ConfigureAwait(false);
        Authority.Dispose();
        DeleteDirectory(Unit.Root);
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
