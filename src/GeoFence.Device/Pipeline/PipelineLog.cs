using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Pipeline;

/// <summary>The pipeline's log lines: policy ids, versions, counts and reasons only; never coordinates or zone ids.</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Pipeline: policy {PolicyId} v{Version} in force; sequence continues at {Sequence}")]
    public static partial void PolicyInForce(ILogger logger, string policyId, long version, long sequence);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Pipeline: no usable policy ({Status}); nothing is forwarded")]
    public static partial void NoPolicy(ILogger logger, string status);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Pipeline: output rules of policy {PolicyId} v{Version} rejected ({Problems}); nothing is forwarded")]
    public static partial void RulesRejected(ILogger logger, string policyId, long version, string problems);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Pipeline: policy swap dropped {Dropped} waiting records")]
    public static partial void SwapDropped(ILogger logger, int dropped);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Pipeline: audit log unwritable ({Error}); fixes are withheld until it writes again")]
    public static partial void AuditUnwritable(ILogger logger, string error);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Pipeline: audit log writable again; {Withheld} fixes were withheld meanwhile")]
    public static partial void AuditWritableAgain(ILogger logger, long withheld);
}
