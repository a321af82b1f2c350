using System.Text.Json;
using GeoFence.Device.Pipeline;
using GeoFence.Gnss;
using GeoFence.Sanitizing;

namespace GeoFence.Device.Cli.Simulate;

/// <summary>What a simulation did, as counts only (no coordinates, no zone ids); written as summary.json.</summary>
internal sealed class SimulateSummary
{
    private static readonly HashSet<string> DecoderDropNames = new(StringComparer.Ordinal)
    {
        nameof(GnssCounter.GarbageBytes), nameof(GnssCounter.UbxChecksumWrong), nameof(GnssCounter.UbxOversize),
        nameof(GnssCounter.UbxUnknown), nameof(GnssCounter.UbxInvalidField), nameof(GnssCounter.Rtcm3CrcWrong),
        nameof(GnssCounter.UndatedEpochs), nameof(GnssCounter.DuplicateEpochs), nameof(GnssCounter.TimelessEpochs),
        nameof(GnssCounter.ImplausibleDates),
    };

    private readonly string policyId;
    private readonly long policyVersion;
    private readonly PipelineCounters counters;
    private readonly SanitizerCounters? sanitizer;
    private readonly int droppedAtEnd;
    private readonly IReadOnlyDictionary<string, long> decoderDrops;

    private SimulateSummary(string policyId, long policyVersion, PipelineCounters counters, SanitizerCounters? sanitizer, int droppedAtEnd, IReadOnlyDictionary<string, long> decoderDrops)
    {
        this.policyId = policyId;
        this.policyVersion = policyVersion;
        this.counters = counters;
        this.sanitizer = sanitizer;
        this.droppedAtEnd = droppedAtEnd;
        this.decoderDrops = decoderDrops;
    }

    /// <summary>Epochs the decoder produced.</summary>
    public long Epochs => counters.Epochs;

    /// <summary>Records written to forwarded.jsonl.</summary>
    public long Forwarded => counters.Forwarded;

    public static SimulateSummary From(string policyId, long policyVersion, PipelineCounters counters, SanitizerCounters? sanitizer, int droppedAtEnd, GnssCountersSnapshot decoder)
    {
        var drops = decoder.ToDictionary()
            .Where(c => c.Value != 0 && (c.Key.StartsWith("Rejected", StringComparison.Ordinal) || DecoderDropNames.Contains(c.Key)))
            .ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        return new SimulateSummary(policyId, policyVersion, counters, sanitizer, droppedAtEnd, drops);
    }

    /// <summary>The summary as indented JSON.</summary>
    public byte[] ToUtf8()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("policy", policyId);
            w.WriteNumber("policyVersion", policyVersion);
            w.WriteNumber("epochs", counters.Epochs);
            w.WriteNumber("fixes", counters.ValidFixes);
            w.WriteStartObject("actions");
            w.WriteNumber("allow", counters.Allowed);
            w.WriteNumber("redact", counters.Redacted);
            w.WriteNumber("block", counters.Blocked);
            w.WriteEndObject();
            Counts(w, "reasons", counters.ByReason());
            w.WriteNumber("forwarded", counters.Forwarded);
            w.WriteStartObject("sanitizer");
            w.WriteNumber("invalid", sanitizer?.Invalid ?? 0);
            w.WriteNumber("blocked", sanitizer?.Blocked ?? 0);
            w.WriteNumber("suppressedApproach", sanitizer?.SuppressedApproach ?? 0);
            w.WriteNumber("suppressedClearance", sanitizer?.SuppressedClearance ?? 0);
            w.WriteNumber("droppedLineFull", sanitizer?.DroppedLineFull ?? 0);
            w.WriteNumber("coalesced", sanitizer?.Coalesced ?? 0);
            w.WriteNumber("heartbeats", sanitizer?.Heartbeats ?? 0);
            w.WriteNumber("droppedAtEnd", droppedAtEnd);
            w.WriteEndObject();
            w.WriteNumber("noPolicy", counters.NoPolicy);
            w.WriteNumber("rulesRejected", counters.RulesRejected);
            Counts(w, "decoderDrops", decoderDrops);
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Counts(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, long> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(key, value);
        }

        w.WriteEndObject();
    }
}
