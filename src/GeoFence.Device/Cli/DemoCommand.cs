using System.CommandLine;
using GeoFence.Device.Intake;
using GeoFence.Device.Sources;
using GeoFence.Gnss;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.Cli;

/// <summary>`demo`: the embedded default. Today: the receiver side of the pipeline over a bundled real capture.</summary>
internal static class DemoCommand
{
    private const string CaptureResource = "GeoFence.Device.Demo.capture.log";

    public static Command Create()
    {
        var command = new Command("demo", """
            Run the embedded demo with no hardware and no configuration: a bundled real receiver capture
            (u-blox NEO-M9N, from the gpsd regression suite, BSD-2-Clause) goes through the lexer, the strict decoders
            and the epoch assembler; the demo prints what the unit sees, as counts (no positions).
            Example:
              geofence-device demo
            """);
        command.SetAction(async (_, cancellationToken) => await RunAsync(Console.Out, cancellationToken).ConfigureAwait(false));
        return command;
    }

    /// <summary>Runs the demo, writing the summary to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var assembly = typeof(DemoCommand).Assembly;
        var source = new StreamSource("bundled capture ublox-neo-m9n-nmea.log",
            () => assembly.GetManifestResourceStream(CaptureResource) ?? throw new InvalidOperationException("demo capture missing from the build"));
        var tally = new FixTally();
        var options = new GnssOptions
        {
            MinimumPlausibleDate = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), // the capture was recorded 2020-07-11
            TimestampFrequency = TimeProvider.System.TimestampFrequency,
        };
        var supervisor = new SourceSupervisor(source, new SourceOptions(), TimeProvider.System, NullLogger.Instance);
        var intake = new GnssIntake(supervisor, options, tally, TimeProvider.System);

        await output.WriteLineAsync("GeoFence.Device demo: receiver input over a bundled real capture (u-blox NEO-M9N, 2020-07-11).").ConfigureAwait(false);
        await intake.RunAsync(cancellationToken).ConfigureAwait(false);

        var counters = intake.Counters.Snapshot();
        await output.WriteLineAsync($"  bytes read        {supervisor.Counters.Bytes,8}").ConfigureAwait(false);
        await output.WriteLineAsync($"  NMEA sentences    {counters[GnssCounter.NmeaFrames],8}   decoded {GnssLinkProbe.ValidFrames(counters)}, not decoded (type or talker unsupported) {Unsupported(counters)}, rejected {Rejected(counters)}").ConfigureAwait(false);
        await output.WriteLineAsync($"  epochs → fixes    {tally.Fixes,8}   3D {tally.ThreeD}, 2D {tally.TwoD}, no fix {tally.NoFix}; with 1σ accuracy (GST) {tally.WithAccuracy}").ConfigureAwait(false);
        await output.WriteLineAsync($"  time span         {tally.First:yyyy-MM-dd HH:mm:ss} → {tally.Last:HH:mm:ss} UTC").ConfigureAwait(false);
        await output.WriteLineAsync("Every fix passed strict checks (checksum required, every field validated, one fix per epoch).").ConfigureAwait(false);
        await output.WriteLineAsync("Positions are not printed: the geofence policy and the sanitiser decide what may leave the unit.").ConfigureAwait(false);
        await output.WriteLineAsync("Decode your own capture: geofence-device decode --input FILE --min-date 2000-01-01").ConfigureAwait(false);
        return tally.Fixes > 0 ? 0 : CommandLine.RuntimeError;
    }

    private static long Rejected(GnssCountersSnapshot counters) =>
        counters[GnssCounter.RejectedChecksumMissing] + counters[GnssCounter.RejectedChecksumMalformed] + counters[GnssCounter.RejectedChecksumWrong]
        + counters[GnssCounter.RejectedInvalidField] + counters[GnssCounter.RejectedTooLong] + counters[GnssCounter.RejectedTruncated];

    private static long Unsupported(GnssCountersSnapshot counters) =>
        counters[GnssCounter.RejectedUnsupportedTalker] + counters[GnssCounter.RejectedUnsupportedType];

    private sealed class FixTally : IGnssSink
    {
        public int Fixes { get; private set; }

        public int ThreeD { get; private set; }

        public int TwoD { get; private set; }

        public int NoFix { get; private set; }

        public int WithAccuracy { get; private set; }

        public DateTimeOffset First { get; private set; }

        public DateTimeOffset Last { get; private set; }

        public void OnFix(in Fix fix)
        {
            if (Fixes++ == 0)
            {
                First = fix.Time;
            }

            Last = fix.Time;
            switch (fix.Mode)
            {
                case FixMode.ThreeD: ThreeD++; break;
                case FixMode.TwoD: TwoD++; break;
                default: NoFix++; break;
            }

            if (fix.HorizontalAccuracy is not null)
            {
                WithAccuracy++;
            }
        }
    }
}
