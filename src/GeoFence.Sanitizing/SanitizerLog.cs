using GeoFence.Sanitizing.Output;
using Microsoft.Extensions.Logging;

namespace GeoFence.Sanitizing;

/// <summary>The sanitiser's log lines: counts, levels and sequence numbers only; never coordinates, distances or zone ids.</summary>
internal static partial class SanitizerLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Trace, Message = "Fix dropped: {Reason}")]
    public static partial void Dropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Trace, Message = "Guard trigger; {Suppressed} waiting records suppressed")]
    public static partial void Triggered(ILogger logger, int suppressed);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Trace, Message = "Fix suppressed while clearing")]
    public static partial void Clearing(ILogger logger);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Trace, Message = "Record {Sequence} out, level {Level}")]
    public static partial void Out(ILogger logger, long sequence, OutputLevel level);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Flush: {Dropped} waiting records dropped, none sent early")]
    public static partial void Flushed(ILogger logger, int dropped);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Delay line full; fix dropped")]
    public static partial void LineFull(ILogger logger);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Audit entries lost (write failed); {Dropped} records that depended on them dropped")]
    public static partial void AuditLost(ILogger logger, int dropped);
}
