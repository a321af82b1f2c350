using System.CommandLine;
using System.Globalization;
using GeoFence.Device.Intake;
using GeoFence.Device.Sources;
using GeoFence.Gnss;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoFence.Device.Cli.Decode;

/// <summary>`decode`: receiver bytes in, one JSON line per epoch (or the sentence echo) out; counters to stderr.</summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var input = new Option<string?>("--input", "-i") { Description = "A recorded capture to decode, or - for standard input." };
        var serial = new Option<string?>("--serial") { Description = "A serial device to read live, e.g. /dev/gnss0." };
        var baud = new Option<string>("--baud") { Description = "Serial speed, or auto to hunt 4800..921600 at 8N1 then 7N2.", DefaultValueFactory = _ => "auto" };
        var tcp = new Option<string?>("--tcp") { Description = "A receiver or ser2net port to read live, as HOST:PORT." };
        var echo = new Option<bool>("--echo") { Description = "Print every sentence that passes the lexer and its checksum, verbatim, instead of fixes." };
        var minDate = new Option<string?>("--min-date") { Description = "Earliest plausible receiver date (yyyy-MM-dd) for 2-digit years and GPS week rollover; default: the build date." };
        var count = new Option<int>("--count") { Description = "Stop after this many fixes (0: until the input ends or Ctrl-C)." };
        var maxSentence = new Option<int>("--max-sentence") { Description = "Longest accepted NMEA sentence in characters.", DefaultValueFactory = _ => 120 };

        var command = new Command("decode", """
            Decode receiver bytes (NMEA 0183, UBX; RTCM3 counted) into one JSON object per epoch, fields as gpsd's TPV.
            Raw positions: for integrators at a local terminal only; nothing here is forwarded.
            Examples:
              geofence-device decode --input capture.log --min-date 2000-01-01
              geofence-device decode --serial /dev/gnss0 --baud auto --count 10
              geofence-device decode --echo --input capture.log
            """);
        foreach (var option in new Option[] { input, serial, baud, tcp, echo, minDate, count, maxSentence })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var source = ChooseSource(parse.GetValue(input), parse.GetValue(serial), parse.GetValue(baud)!, parse.GetValue(tcp));
                var options = new GnssOptions
                {
                    EchoSentences = parse.GetValue(echo),
                    MinimumPlausibleDate = ParseMinDate(parse.GetValue(minDate)),
                    MaxSentenceLength = parse.GetValue(maxSentence),
                    TimestampFrequency = TimeProvider.System.TimestampFrequency,
                };
                return await RunAsync(source, options, parse.GetValue(count), cancellationToken).ConfigureAwait(false);
            }
            catch (CliException error)
            {
                return error.Report("decode");
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(IByteSource source, GnssOptions options, int count, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        ILogger logger = source.EndIsFinal ? NullLogger.Instance : loggers.CreateLogger("source");
        var stdout = new BufferedStream(Console.OpenStandardOutput(), 64 * 1024);
        using var output = new DecodeOutput(stdout, options.EchoSentences, flushEachLine: !source.EndIsFinal, count);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, output.LimitReached);
        var supervisor = new SourceSupervisor(source, new SourceOptions(), TimeProvider.System, logger);
        if (!source.EndIsFinal)
        {
            supervisor.StateChanged += state =>
            {
                if (state == SourceState.Reading)
                {
                    Console.Error.WriteLine($"decode: reading from {source.Name}");
                }
            };
        }

        var intake = new GnssIntake(supervisor, options, output, TimeProvider.System);
        await intake.RunAsync(stop.Token).ConfigureAwait(false);
        output.Dispose();
        await Console.Error.WriteLineAsync($"decode: {output.Fixes} fixes from {source.Name}; {supervisor.Counters}").ConfigureAwait(false);
        await Console.Error.WriteAsync(intake.Counters.Snapshot().ToString()).ConfigureAwait(false);
        return 0;
    }

    private static IByteSource ChooseSource(string? input, string? serial, string baud, string? tcp)
    {
        var chosen = new[] { input, serial, tcp }.Count(s => s is not null);
        if (chosen != 1)
        {
            throw new CliException("choose exactly one input", "--input, --serial, --tcp",
                "give one, e.g. --input capture.log or --serial /dev/gnss0", CommandLine.UsageError);
        }

        if (input is not null)
        {
            if (input != "-" && !File.Exists(input))
            {
                throw new CliException($"input file {input} does not exist", "--input", "check the path, or use - for standard input");
            }

            return new FileSource(input);
        }

        if (serial is not null)
        {
            if (!File.Exists(serial))
            {
                throw new CliException($"serial device {serial} does not exist", "--serial", "plug the receiver in, check the path (ls -l /dev/serial/by-id), or see hardware/README.md for /dev/gnss0");
            }

            if (baud.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                return new SerialSource(serial, null, new GnssLinkProbe(TimeProvider.System, TimeSpan.FromSeconds(2.5)));
            }

            if (!int.TryParse(baud, NumberStyles.None, CultureInfo.InvariantCulture, out var speed) || speed is < 300 or > 4_000_000)
            {
                throw new CliException($"'{baud}' is not a serial speed", "--baud", "use a number such as 9600 or 115200, or auto", CommandLine.UsageError);
            }

            return new SerialSource(serial, SerialFraming.EightN1(speed));
        }

        var colon = tcp!.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(tcp.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new CliException($"'{tcp}' is not HOST:PORT", "--tcp", "write it as e.g. 192.0.2.10:2101 or localhost:5000", CommandLine.UsageError);
        }

        return new TcpSource(tcp[..colon].Trim('[', ']'), port, TimeSpan.FromSeconds(5));
    }

    private static DateTimeOffset ParseMinDate(string? text)
    {
        if (text is null)
        {
            return GnssOptions.BuildDate;
        }

        if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }

        throw new CliException($"'{text}' is not a date", "--min-date", "write it as yyyy-MM-dd, e.g. 2000-01-01", CommandLine.UsageError);
    }
}
