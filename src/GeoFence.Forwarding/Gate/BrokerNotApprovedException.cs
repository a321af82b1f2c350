namespace GeoFence.Forwarding.Gate;

/// <summary>The broker failed the gate: nothing is published to it; the reason goes to status.</summary>
public sealed class BrokerNotApprovedException(string reason) : Exception($"broker not approved: {reason}")
{
    /// <summary>Why, in words for the status topic and the LEDs (no record content, no coordinates).</summary>
    public string Reason { get; } = reason;
}
