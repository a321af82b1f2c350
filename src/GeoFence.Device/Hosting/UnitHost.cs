using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using GeoFence.Device.Gpio;
using GeoFence.Device.Intake;
using GeoFence.Device.LocalFeed;
using GeoFence.Device.Pipeline;
using GeoFence.Device.Sources;
using GeoFence.Device.Status;
using GeoFence.Device.Systemd;
using GeoFence.Device.TimeSync;
using GeoFence.Forwarding.Gate;
using GeoFence.Forwarding.Outbox;
using GeoFence.Forwarding.Publishing;
using GeoFence.Gnss;
using GeoFence.Sanitizing.Guard;
using GeoFence.Sanitizing.Secrets;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Formatter;

namespace GeoFence.Device.Hosting;

/// <summary>
/// Composes the unit: source → lexer/decoders/epochs → bounded queue → policy decision → sanitiser → the one output
/// (outbox and local sinks) → forwarder to the approved broker, with policy updates, audit, status, LEDs, privacy
/// switch, systemd watchdog and chrony time feed, as hosted services of one Generic Host.
/// </summary>
public static class UnitHost
{
    /// <summary>Environment variable prefix for configuration (GEOFENCE_Unit__Id=...).</summary>
    public const string EnvironmentPrefix = "GEOFENCE_";

    /// <summary>The default directory of configuration files (*.json, applied in name order).</summary>
    public const string DefaultConfigDirectory = "/etc/geofence-device";

    /// <summary>
    /// Creates the host builder: configuration from appsettings.json next to the executable, then
    /// <paramref name="configDirectory"/>/*.json, then GEOFENCE_* environment variables, then <paramref name="args"/>.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, string? configDirectory, UnitHostOverrides? overrides = null)
    {
        overrides ??= new UnitHostOverrides();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = "geofence-device",
        });
        AddUnitConfiguration(builder.Configuration, args, configDirectory);
        if (overrides.Settings is { } settings)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        AddUnit(builder.Services, builder.Configuration, overrides);
        return builder;
    }

    /// <summary>The unit's configuration alone (for commands that don't run the host: wipe, selftest).</summary>
    public static IConfigurationRoot ReadConfiguration(string[] args, string? configDirectory)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        AddUnitConfiguration(configuration, args, configDirectory);
        return configuration.Build();
    }

    private static void AddUnitConfiguration(IConfigurationBuilder configuration, string[] args, string? configDirectory)
    {
        AddConfigurationFiles(configuration, configDirectory ?? DefaultConfigDirectory);
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddCommandLine(args);
    }

    private static void AddConfigurationFiles(IConfigurationBuilder configuration, string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var files = Directory.GetFiles(directory, "*.json");
        Array.Sort(files, StringComparer.Ordinal);
        foreach (var file in files)
        {
            configuration.AddJsonFile(file, optional: true, reloadOnChange: false);
        }
    }

    private static void AddUnit(IServiceCollection services, ConfigurationManager configuration, UnitHostOverrides overrides)
    {
        // Bind at the call site with the concrete type: the configuration binding source generator (NativeAOT) only
        // intercepts non-generic calls.
        AddValidated<UnitOptions, UnitOptionsValidation>(services).Bind(configuration.GetSection(UnitOptions.Section));
        AddValidated<ReceiverOptions, ReceiverOptionsValidation>(services).Bind(configuration.GetSection(ReceiverOptions.Section));
        AddValidated<BrokerOptions, BrokerOptionsValidation>(services).Bind(configuration.GetSection(BrokerOptions.Section));
        AddValidated<OutboxSettings, OutboxSettingsValidation>(services).Bind(configuration.GetSection(OutboxSettings.Section));

        services.TryAddSingleton(overrides.Time ?? TimeProvider.System);
        services.AddSingleton(sp => UnitPaths.From(sp.GetRequiredService<IOptions<UnitOptions>>().Value));
        services.AddSingleton<UnitLifecycle>();
        services.AddSingleton(sp => CreateClock(sp, overrides));
        services.AddSingleton(sp => overrides.Source ?? CreateSource(sp));
        services.AddSingleton(sp => CreateGnssOptions(sp));
        services.AddSingleton(sp => new SourceOptions { StallTimeout = Receiver(sp).StallTimeout });

        services.AddUnitSystemd(configuration);
        if (overrides.GpioController is { } gpio)
        {
            services.AddUnitGpio(configuration, gpio);
        }
        else
        {
            services.AddUnitGpio(configuration);
        }

        services.AddUnitTimeSync(configuration);
        services.AddUnitLocalFeed(configuration);
        services.AddSingleton(sp => new FixHandOver(
            Receiver(sp).QueueCapacity,
            waitWhenFull: sp.GetRequiredService<PipelineClock>().Replay is not null,
            sp.GetRequiredService<PipelineClock>().Replay is not null ? new NullTimeSampleSink() : sp.GetRequiredService<ITimeSampleSink>(),
            sp.GetRequiredService<PipelineClock>().Pipeline,
            sp.GetRequiredService<PipelineClock>().Replay is not null ? null : sp.GetRequiredService<UnitOutput>().ObserveEpoch));

        services.AddSingleton<PolicyHolder>();
        services.AddSingleton(sp => new PolicyStore(Paths(sp).Data, Paths(sp).Trust, Paths(sp).DeviceKey, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<PolicyUpdater>();
        services.AddSingleton<IUnitSecrets>(sp => new HkdfUnitSecrets(DeviceKey.Read(Paths(sp).DeviceKey)));
        services.AddSingleton(sp => new UnitAudit(Paths(sp).Audit, sp.GetRequiredService<IUnitSecrets>(), sp.GetRequiredService<PipelineClock>().Pipeline));
        services.AddSingleton(sp => DurableOutbox.Open(
            sp.GetRequiredService<IOptions<OutboxSettings>>().Value.ToOptions(Paths(sp).Outbox, PolicyRetentionDays(sp)),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DurableOutbox>>()));
        services.AddSingleton(sp => new OutboxSink(sp.GetRequiredService<DurableOutbox>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new UnitOutput(sp.GetRequiredService<IPrivacySwitch>(), [sp.GetRequiredService<OutboxSink>(), sp.GetRequiredService<LocalGpsdFeed>(), .. overrides.ExtraSinks], sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new FixPipeline(
            sp.GetRequiredService<PolicyHolder>(),
            sp.GetRequiredService<IUnitSecrets>(),
            new CryptoGuardRandom(),
            sp.GetRequiredService<UnitAudit>(),
            sp.GetRequiredService<PipelineClock>().Pipeline,
            sp.GetRequiredService<UnitOutput>(),
            sp.GetRequiredService<ILogger<FixPipeline>>(),
            sp.GetRequiredService<DurableOutbox>().FirstSequence));
        services.AddSingleton(sp => new PolicyBundleReceiver(sp.GetRequiredService<PolicyUpdater>(), sp.GetRequiredService<ILogger<PolicyBundleReceiver>>()));
        services.AddSingleton(sp => CreateForwarder(sp));

        services.AddHostedService<PolicyService>();
        services.AddSingleton<OutboxService>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxService>());
        services.AddSingleton<ForwarderService>();
        services.AddHostedService(sp => sp.GetRequiredService<ForwarderService>());
        services.AddSingleton<PipelineService>();
        services.AddHostedService(sp => sp.GetRequiredService<PipelineService>());
        services.AddSingleton<IntakeService>();
        services.AddHostedService(sp => sp.GetRequiredService<IntakeService>());
        services.AddHostedService<AuditMaintenanceService>();
        services.AddSingleton<DrainService>();
        services.AddHostedService(sp => sp.GetRequiredService<DrainService>());
    }

    private static OptionsBuilder<TOptions> AddValidated<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(IServiceCollection services)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        return services.AddOptions<TOptions>().ValidateOnStart();
    }

    private static ReceiverOptions Receiver(IServiceProvider services) => services.GetRequiredService<IOptions<ReceiverOptions>>().Value;

    private static UnitPaths Paths(IServiceProvider services) => services.GetRequiredService<UnitPaths>();

    private static ReceiverSourceSpec Spec(IServiceProvider services)
    {
        var text = Receiver(services).Source;
        return ReceiverSourceSpec.TryParse(text, out var spec, out var error) ? spec! : throw new InvalidOperationException(error);
    }

    private static PipelineClock CreateClock(IServiceProvider services, UnitHostOverrides overrides)
    {
        var wall = services.GetRequiredService<TimeProvider>();
        var receiver = Receiver(services);
        var replay = overrides.Source is null ? Spec(services).Kind == ReceiverSourceKind.File : overrides.SourceIsReplay;
        return replay
            ? PipelineClock.ForReplay(wall, receiver.MinimumPlausibleDate ?? GnssOptions.BuildDate, receiver.Realtime)
            : PipelineClock.Live(wall);
    }

    private static IByteSource CreateSource(IServiceProvider services)
    {
        var spec = Spec(services);
        var receiver = Receiver(services);
        return spec.Kind switch
        {
            ReceiverSourceKind.File => new FileSource(spec.Path),
            ReceiverSourceKind.Tcp => new TcpSource(spec.Host, spec.Port, TimeSpan.FromSeconds(5)),
            _ => receiver.Baud.Equals("auto", StringComparison.OrdinalIgnoreCase)
                ? new SerialSource(spec.Path, null, new GnssLinkProbe(services.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(2.5)))
                : new SerialSource(spec.Path, SerialFraming.EightN1(int.Parse(receiver.Baud, CultureInfo.InvariantCulture))),
        };
    }

    private static GnssOptions CreateGnssOptions(IServiceProvider services)
    {
        var receiver = Receiver(services);
        return new GnssOptions
        {
            MinimumPlausibleDate = receiver.MinimumPlausibleDate ?? GnssOptions.BuildDate,
            MaxSentenceLength = receiver.MaxSentenceLength,
            TimestampFrequency = services.GetRequiredService<TimeProvider>().TimestampFrequency,
        };
    }

    private static int PolicyRetentionDays(IServiceProvider services) =>
        services.GetRequiredService<PolicyHolder>().Current.Policy?.Document.Output.RetentionDays ?? 7;

    /// <summary>Loads the PEM client certificate and key; a <see cref="UnitStartupException"/> names the keys to fix.</summary>
    internal static X509Certificate2 LoadClientCertificate(string certificateFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UnitStartupException($"can't load the client certificate {certificateFile} with key {keyFile} ({ex.GetType().Name})",
                "Broker:ClientCertificateFile / Broker:ClientKeyFile", "give a PEM certificate and its matching PEM private key, readable by the geofence user");
        }
    }

    private static MqttForwarder CreateForwarder(IServiceProvider services)
    {
        var unit = services.GetRequiredService<IOptions<UnitOptions>>().Value;
        var broker = services.GetRequiredService<IOptions<BrokerOptions>>().Value;
        var holder = services.GetRequiredService<PolicyHolder>();
        var board = services.GetRequiredService<UnitStatusBoard>();
        var receiver = services.GetRequiredService<PolicyBundleReceiver>();
        var options = new ForwarderOptions
        {
            UnitId = unit.Id!,
            TopicPrefix = broker.TopicPrefix,
            ProtocolVersion = broker.Protocol == "3.1.1" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500,
            MaxInFlight = broker.MaxInFlight,
            BatchSize = broker.BatchSize,
            ClientCertificate = broker.ClientCertificateFile is { } cert ? LoadClientCertificate(cert, broker.ClientKeyFile!) : null,
        };
        return new MqttForwarder(
            () => holder.Current.Policy is { } policy ? BrokerSelection.Choose(policy.Document.Brokers, broker.Host, broker.Port) : null,
            services.GetRequiredService<DurableOutbox>(),
            options,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<MqttForwarder>>(),
            receiver.OnBundleAsync,
            () => StatusTopicPayload.ToUtf8Json(board.Current));
    }
}
