using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using GeoFence.Device.Gpio;
using GeoFence.Device.Hosting;
using GeoFence.Device.Sources;
using GeoFence.Forwarding.Gate;
using GeoFence.Forwarding.Publishing;
using GeoFence.Gnss;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MQTTnet.Formatter;

namespace GeoFence.Device.Cli.Selftest;

/// <summary>
/// The integrator's pre-flight: configuration, storage, device key and its permissions, trust and its permissions,
/// policy, receiver, broker (TLS handshake and MQTT CONNECT through the forwarder's gate), GPIO, display and clock,
/// each checked the way the agent will use it. Reads, never writes (except a probe file in the data directory).
/// </summary>
internal static class UnitSelftest
{
    private static readonly TimeSpan ProbeTime = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<SelftestResult>> RunAsync(string[] args, string? configDirectory, CancellationToken cancellationToken)
    {
        var results = new List<SelftestResult>();
        using var host = UnitHost.CreateBuilder(args, configDirectory).Build();
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            results.Add(new(SelftestOutcome.Pass, "config", "configuration is valid"));
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            var failures = ex is AggregateException many
                ? many.Flatten().InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
                : ((OptionsValidationException)ex).Failures;
            results.AddRange(failures.Select(f => new SelftestResult(SelftestOutcome.Fail, "config", f)));
            return results;
        }

        var services = host.Services;
        var paths = services.GetRequiredService<UnitPaths>();
        results.Add(CheckStorage(paths));
        var keyOk = Check(results, "device-key", () =>
        {
            _ = DeviceKey.Read(paths.DeviceKey);
            return new(SelftestOutcome.Pass, "device-key", $"{paths.DeviceKey} readable");
        });
        results.Add(CheckTrust(paths));
        var (serviceUser, serviceUid) = KeyFilePermissionCheck.ResolveServiceUser();
        results.AddRange(KeyFilePermissionCheck.Run(paths.DeviceKey, paths.Trust, serviceUser, serviceUid));
        var policy = keyOk ? CheckPolicy(paths, results) : null;
        results.Add(await CheckReceiverAsync(services, cancellationToken).ConfigureAwait(false));
        results.Add(await CheckBrokerAsync(
            policy,
            services.GetRequiredService<IOptions<UnitOptions>>().Value,
            services.GetRequiredService<IOptions<BrokerOptions>>().Value,
            cancellationToken).ConfigureAwait(false));
        results.Add(CheckGpio(services));
        results.Add(DisplaySelftest.Check(services.GetRequiredService<IOptions<GpioOptions>>().Value.Display));
        results.Add(DateTimeOffset.UtcNow >= GnssOptions.BuildDate
            ? new(SelftestOutcome.Pass, "clock", $"system clock {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC is after the build date")
            : new(SelftestOutcome.Fail, "clock", "system clock is before the build date: TLS and the audit need true time; enable TimeSync (chrony from the receiver) or set the clock"));
        return results;
    }

    private static bool Check(List<SelftestResult> results, string name, Func<SelftestResult> check)
    {
        try
        {
            results.Add(check());
            return true;
        }
        catch (UnitStartupException ex)
        {
            results.Add(new(SelftestOutcome.Fail, name, $"{ex.What}: {ex.Fix}"));
            return false;
        }
    }

    private static SelftestResult CheckStorage(UnitPaths paths)
    {
        try
        {
            Directory.CreateDirectory(paths.Data);
            var probe = Path.Combine(paths.Data, ".selftest");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
            var free = new DriveInfo(paths.Data).AvailableFreeSpace;
            return free < 64L * 1024 * 1024
                ? new(SelftestOutcome.Warn, "storage", $"{paths.Data} writable but only {free / (1024 * 1024)} MiB free: the outbox may fill during an outage")
                : new(SelftestOutcome.Pass, "storage", $"{paths.Data} writable, {free / (1024 * 1024)} MiB free");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(SelftestOutcome.Fail, "storage", $"{paths.Data} not writable ({ex.Message}): create it and give the geofence user write access");
        }
    }

    private static SelftestResult CheckTrust(UnitPaths paths)
    {
        var keys = Directory.Exists(paths.Trust) ? Directory.GetFiles(paths.Trust, "*.pem").Length : 0;
        return keys > 0
            ? new(SelftestOutcome.Pass, "trust", $"{keys} authority key(s) in {paths.Trust}")
            : new(SelftestOutcome.Fail, "trust", $"no *.pem in {paths.Trust}: install the authority's public key (provision --trust-key KEY.pub.pem)");
    }

    private static PolicyState? CheckPolicy(UnitPaths paths, List<SelftestResult> results)
    {
        var store = new PolicyStore(paths.Data, paths.Trust, paths.DeviceKey, TimeProvider.System);
        var state = store.LoadInstalled();
        var pending = Directory.Exists(paths.Incoming) ? Directory.GetFiles(paths.Incoming, "*.bundle").Length : 0;
        results.Add(state.IsUsable
            ? new(SelftestOutcome.Pass, "policy", $"policy {state.Policy!.Document.PolicyId} v{state.Policy.Document.Version} in force until {state.Policy.Document.NotAfter:yyyy-MM-dd}")
            : pending > 0
                ? new(SelftestOutcome.Warn, "policy", $"no usable policy installed ({state.Status}); {pending} bundle(s) in {paths.Incoming} will be verified at the agent's start")
                : new(SelftestOutcome.Fail, "policy", $"no usable policy ({state.Status}): the unit will fail closed; sign a bundle (policy sign) and provision --bundle it"));
        return state.IsUsable ? state : null;
    }

    private static async Task<SelftestResult> CheckReceiverAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var source = services.GetRequiredService<IByteSource>();
        var decoder = new GnssDecoder(services.GetRequiredService<GnssOptions>(), NullSink.Instance);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTime);
        try
        {
            await using var channel = await source.OpenAsync(timeout.Token).ConfigureAwait(false);
            var buffer = new byte[4096];
            while (decoder.Counters.Snapshot()[GnssCounter.Epochs] < 2)
            {
                var read = await channel.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (read <= 0)
                {
                    break;
                }

                decoder.Feed(buffer.AsSpan(0, read), 0);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SocketException or OperationCanceledException or InvalidOperationException)
        {
            return new(SelftestOutcome.Fail, "receiver", $"{source.Name}: {(ex is OperationCanceledException ? $"no epoch in {ProbeTime.TotalSeconds:0} s" : ex.Message)}; check wiring, power, Receiver:Source and Receiver:Baud (hardware/README.md)");
        }

        var counters = decoder.Counters.Snapshot();
        return counters[GnssCounter.Epochs] >= 2
            ? new(SelftestOutcome.Pass, "receiver", $"{source.Name}: {counters[GnssCounter.NmeaFrames] + counters[GnssCounter.UbxFrames]} frames, epochs arriving")
            : new(SelftestOutcome.Fail, "receiver", $"{source.Name}: bytes but no complete epoch ({counters[GnssCounter.GarbageBytes]} garbage bytes): check Receiver:Baud and the receiver's output messages");
    }

    private static async Task<SelftestResult> CheckBrokerAsync(PolicyState? policy, UnitOptions unit, BrokerOptions options, CancellationToken cancellationToken)
    {
        if (policy?.Policy is not { } compiled)
        {
            return new(SelftestOutcome.Warn, "broker", "no policy in force, so no broker is approved yet");
        }

        var broker = BrokerSelection.Choose(compiled.Document.Brokers, options.Host, options.Port);
        if (broker is null)
        {
            return new(SelftestOutcome.Fail, "broker", $"Broker:Host '{options.Host}' is not among the policy's approved brokers: remove it or choose one the policy lists");
        }

        X509Certificate2? certificate;
        try
        {
            certificate = options.ClientCertificateFile is { } file ? UnitHost.LoadClientCertificate(file, options.ClientKeyFile!) : null;
        }
        catch (UnitStartupException ex)
        {
            return new(SelftestOutcome.Fail, "broker", $"{ex.What} ({ex.Where}): {ex.Fix}");
        }

        using (certificate)
        {
            var forwarder = new ForwarderOptions
            {
                UnitId = unit.Id!,
                TopicPrefix = options.TopicPrefix,
                ProtocolVersion = options.Protocol == "3.1.1" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500,
                ClientCertificate = certificate,
            };
            return await BrokerHandshakeCheck.RunAsync(broker, forwarder, TimeProvider.System, BrokerHandshakeCheck.DefaultTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    private static SelftestResult CheckGpio(IServiceProvider services)
    {
        var gpio = services.GetRequiredService<IOptions<GpioOptions>>().Value;
        var fitted = gpio.PrivacySwitch.Pin is not null || gpio.Leds.GreenPin is not null;
        if (!fitted)
        {
            return new(SelftestOutcome.Pass, "gpio", "no LEDs or privacy switch configured");
        }

        using var access = new GpioAccess(() => new System.Device.Gpio.GpioController(), NullLogger<GpioAccess>.Instance);
        return access.Controller is not null
            ? new(SelftestOutcome.Pass, "gpio", "GPIO chip available")
            : new(SelftestOutcome.Warn, "gpio", "GPIO configured but no GPIO chip: LEDs are off and the privacy switch counts as on (Gpio:PrivacySwitch:OnWhenUnavailable)");
    }

    private sealed class NullSink : IGnssSink
    {
        public static readonly NullSink Instance = new();

        public void OnFix(in Fix fix)
        {
        }
    }
}
