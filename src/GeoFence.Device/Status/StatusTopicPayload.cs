using System.Buffers;
using System.Text.Json;

namespace GeoFence.Device.Status;

/// <summary>
/// The JSON the MQTT status topic carries, projected from <see cref="UnitStatus"/> so that it is no oracle: a blocked,
/// redacting-and-holding or suppressed epoch and an epoch without a fix all read <c>"forwarding": false</c>; fix state,
/// satellites, decision class and the blocked/redacted counters are left out, because their changes alone would mark
/// where a zone begins. What remains: policy state, privacy switch, broker state, status display state (off, ok, missing,
/// failed: hardware health, independent of position), outbox depth, records forwarded.
/// </summary>
public static class StatusTopicPayload
{
    /// <summary>Writes the payload for <paramref name="status"/> as UTF-8 JSON.</summary>
    public static byte[] ToUtf8Json(UnitStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("policy", status.Policy switch
            {
                PolicyState.Loaded => "loaded",
                PolicyState.None => "none",
                PolicyState.Invalid => "invalid",
                _ => "expired",
            });
            json.WriteBoolean("privacySwitch", status.PrivacySwitchOn);
            json.WriteBoolean("forwarding", !status.FailClosed && status.Fix == FixState.Fix && status.LastDecision == DecisionClass.Forwarding);
            json.WriteString("broker", status.Broker switch
            {
                BrokerState.Connected => "connected",
                BrokerState.Disconnected => "disconnected",
                _ => "not-approved",
            });
            json.WriteString("display", status.Display switch
            {
                DisplayState.Off => "off",
                DisplayState.Ok => "ok",
                DisplayState.Missing => "missing",
                _ => "failed",
            });
            json.WriteNumber("queueDepth", status.QueueDepth);
            json.WriteNumber("forwarded", status.Counters.Forwarded);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
