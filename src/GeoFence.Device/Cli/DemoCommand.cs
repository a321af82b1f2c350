using System.CommandLine;
using System.Globalization;
using GeoFence.Device.Cli.Simulate;
using GeoFence.Device.Demo;
using GeoFence.Device.Report;
using GeoFence.Device.Hosting;
using GeoFence.Device.Pipeline;
using GeoFence.Forwarding.Outbox;
using GeoFence.Forwarding.Publishing;
using Microsoft.Extensions.DependencyInjection;
using GeoFence.Zones.Hosting;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.Cli;

/// <summary>
/// `demo`: the embedded default. The whole unit (the same host `run` starts) against an in-process TLS broker whose
/// ephemeral CA the signed demo policy pins, over a bundled real capture re-pathed through a redact and a block zone.
/// </summary>
internal static class DemoCommand
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var realtime = new Option<bool>("--realtime") { Description = "Pace the replay by the receiver's epoch times (about 9 minutes) instead of as fast as it goes." };
        var command = new Command("demo", """
            Run the whole unit with no hardware and no configuration: an MQTT broker inside this process on 127.0.0.1
            (TLS only, certificate from a throwaway CA), a demo policy signed with a throwaway key that approves exactly
            that broker with its CA pinned (the same gate a field unit walks), and a real u-blox NEO-M9N capture (gpsd
            regression suite, BSD-2-Clause) re-pathed as a 7 km drive through a redact zone and a block zone. A consumer
            subscribes over TLS; the summary shows what was decided, published and received. Positions are never printed.
            Exit 0 when every published record arrived, 1 otherwise.
            Examples:
              geofence-device demo
              geofence-device demo --realtime
            """);
        var output = new Option<string>("--out", "-o")
        {
            Description = "Directory for report.html, forwarded.jsonl and summary.json (created; those files are replaced).",
            DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "geofence-demo"),
        };
        command.Options.Add(realtime);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
            await RunAsync(Console.Out, parse.GetValue(realtime), parse.GetValue(output)!, cancellationToken).ConfigureAwait(false));
        return command;
    }

    /// <summary>Runs the demo, writing the summary to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(TextWriter output, bool realtime, string reportDirectory, CancellationToken cancellationToken)
    {
        reportDirectory = Directory.CreateDirectory(reportDirectory).FullName;
        var started = TimeProvider.System.GetTimestamp();
        await using var environment = await DemoEnvironment.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var consumer = environment.Consumer!;
        await output.WriteLineAsync("GeoFence.Device demo: the whole unit, no hardware, no configuration.").ConfigureAwait(false);
        await output.WriteLineAsync($"  broker   in-process MQTT on 127.0.0.1:{environment.BrokerPort}, TLS only, throwaway CA pinned by the signed demo policy").ConfigureAwait(false);
        await output.WriteLineAsync($"  policy   demo policy signed with a throwaway key: default allow, one redact zone, one block zone").ConfigureAwait(false);
        await output.WriteLineAsync($"  input    u-blox NEO-M9N capture (gpsd regression suite, BSD-2-Clause) re-pathed as a {environment.Drive.Epochs}-epoch drive").ConfigureAwait(false);

        var configDirectory = Directory.CreateDirectory(Path.Combine(environment.Unit.Root, "etc")).FullName; // never the unit's /etc
        string[] settings =
        [
            $"Unit:Id={environment.UnitId}",
            $"Unit:DataDirectory={environment.DataDirectory}",
            $"Unit:TrustDirectory={environment.TrustDirectory}",
            $"Unit:DeviceKeyFile={environment.DeviceKeyFile}",
            $"Receiver:Source=file:{environment.DriveFile}",
            $"Receiver:Realtime={realtime.ToString(CultureInfo.InvariantCulture)}",
            $"Receiver:MinimumPlausibleDate={environment.Drive.Start.AddDays(-1):O}",
            $"Broker:TopicPrefix={environment.TopicPrefix}",
            "LocalFeed:Enabled=false",
            "Logging:LogLevel:Default=Warning",
            "Logging:LogLevel:GeoFence.Device.Gpio=Error", // no GPIO in the demo, by design
        ];
        DemoSnapshot? last = null;
        DemoUnitParts? unit = null;
        var errors = new StringWriter();
        var forwardedPath = Path.Combine(reportDirectory, SimulateRun.ForwardedFile);
        int exit;
        var live = Task.CompletedTask;
        await using (var forwarded = new FileStream(forwardedPath, FileMode.Create, FileAccess.Write, FileShare.Read))
        {
            var overrides = new UnitHostOverrides { ExtraSinks = [new JsonlRecordSink(forwarded)] }; // exactly what went to the outbox
            exit = await UnitRunner.RunAsync(settings, configDirectory, overrides, errors, cancellationToken, host =>
            {
                unit = DemoUnitParts.From(host.Services); // the provider is disposed with the host; keep the parts
                live = LiveAsync(output, host, consumer, snapshot => last = snapshot, cancellationToken);
                return Task.CompletedTask;
            }).ConfigureAwait(false);
        }

        await live.ConfigureAwait(false); // its last snapshot is taken when the host stops

        if (exit != 0)
        {
            await output.WriteAsync(errors.ToString()).ConfigureAwait(false);
            return exit;
        }

        if (last is not { } stopping || unit is null)
        {
            return CommandLine.RuntimeError;
        }

        // The live task's last snapshot is taken when stopping begins; the forwarder goes on publishing until the
        // host has stopped, so the counts to compare with the consumer are read now (a faster build, e.g. NativeAOT,
        // showed "not every record arrived" with more received than that early snapshot had acknowledged).
        var final = stopping with { Appended = unit.Outbox.Counters.Appended, Acknowledged = unit.Forwarder.Counters.RecordsAcknowledged };

        using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            wait.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await consumer.WhenRecordsAsync((int)final.Acknowledged, wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // reported below as missing records
            }
        }

        var report = WriteReport(unit, reportDirectory, forwardedPath);
        var elapsed = TimeProvider.System.GetElapsedTime(started);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"  epochs decided   {final.Epochs,6}   allowed {final.Allowed}, redacted {final.Redacted}, blocked {final.Blocked}").ConfigureAwait(false);
        await output.WriteLineAsync($"  records out      {final.Appended,6}   (the trajectory guard also holds back the approach to and the exit from each zone; records still in the 60 s delay line at the end are dropped, as at shutdown)").ConfigureAwait(false);
        await output.WriteLineAsync($"  acknowledged     {final.Acknowledged,6}   by the broker (QoS 1), through the gate (TLS, pinned CA, address range)").ConfigureAwait(false);
        await output.WriteLineAsync($"  received         {consumer.Records,6}   by the TLS consumer; by level: {string.Join(", ", consumer.RecordsByLevel().Select(p => $"{p.Key} {p.Value}"))}").ConfigureAwait(false);
        await output.WriteLineAsync($"  took             {elapsed.TotalSeconds,6:0.0} s").ConfigureAwait(false);
        var complete = final.Acknowledged > 0 && consumer.Records == final.Acknowledged && final.Blocked > 0 && final.Redacted > 0;
        await output.WriteLineAsync(complete
            ? "Every published record arrived; nothing from the block zone or its approaches left the unit."
            : "Not every published record arrived at the consumer.").ConfigureAwait(false);
        await output.WriteLineAsync($"Report (track, zones, counts; open it in a browser): {report}").ConfigureAwait(false);
        await output.WriteLineAsync("Try a policy against a recorded drive: geofence-device simulate --help").ConfigureAwait(false);
        return complete ? 0 : CommandLine.RuntimeError;
    }

    private static string WriteReport(DemoUnitParts unit, string directory, string forwardedPath)
    {
        var pipeline = unit.Pipeline;
        var policy = unit.Holder.Current.Policy;
        var summary = SimulateSummary.From(
            policy?.Document.PolicyId ?? "none",
            policy?.Document.Version ?? 0,
            pipeline.Counters,
            pipeline.SanitizerCounters,
            unit.PipelineService.DroppedAtEnd,
            unit.Intake.Counters!.Snapshot());
        var summaryPath = Path.Combine(directory, SimulateRun.SummaryFile);
        File.WriteAllBytes(summaryPath, summary.ToUtf8());
        var reportPath = Path.Combine(directory, TrackReport.FileName);
        TrackReport.Write(forwardedPath, summaryPath, reportPath, policy?.Document.Zones); // the demo's own throwaway policy: showing its zones is fine
        return reportPath;
    }

    private static async Task LiveAsync(TextWriter output, IHost host, DemoConsumer consumer, Action<DemoSnapshot> publish, CancellationToken cancellationToken)
    {
        var pipeline = host.Services.GetRequiredService<FixPipeline>();
        var forwarder = host.Services.GetRequiredService<MqttForwarder>();
        var outbox = host.Services.GetRequiredService<DurableOutbox>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var interactive = !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out);
        using var timer = new PeriodicTimer(LiveInterval);
        while (true)
        {
            var snapshot = new DemoSnapshot(pipeline.Counters.Epochs, pipeline.Counters.Allowed, pipeline.Counters.Redacted, pipeline.Counters.Blocked,
                outbox.Counters.Appended, forwarder.Counters.RecordsAcknowledged);
            publish(snapshot);
            if (interactive)
            {
                await output.WriteAsync($"\r  fixes {snapshot.Epochs,4} | allowed {snapshot.Allowed,4} redacted {snapshot.Redacted,4} blocked {snapshot.Blocked,4} | published {snapshot.Appended,4} acknowledged {snapshot.Acknowledged,4} received {consumer.Records,4}").ConfigureAwait(false);
            }

            if (lifetime.ApplicationStopping.IsCancellationRequested || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await timer.WaitForNextTickAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // one last snapshot after the stop
            }
        }
    }

    private sealed record DemoUnitParts(FixPipeline Pipeline, PolicyHolder Holder, PipelineService PipelineService, IntakeService Intake, DurableOutbox Outbox, MqttForwarder Forwarder)
    {
        public static DemoUnitParts From(IServiceProvider services) => new(
            services.GetRequiredService<FixPipeline>(),
            services.GetRequiredService<PolicyHolder>(),
            services.GetRequiredService<PipelineService>(),
            services.GetRequiredService<IntakeService>(),
            services.GetRequiredService<DurableOutbox>(),
            services.GetRequiredService<MqttForwarder>());
    }

    private readonly record struct DemoSnapshot(long Epochs, long Allowed, long Redacted, long Blocked, long Appended, long Acknowledged);
}
