using MQTTnet.Packets;

namespace GeoFence.Forwarding.Connection;

/// <summary>A packet from the broker larger than the wire's limit: skipped unread, only its header (and a PUBLISH's packet identifier) is known.</summary>
internal sealed class OversizedPacket(byte flags, ushort packetIdentifier) : MqttPacket
{
    /// <summary>The fixed header's first byte (type and flags).</summary>
    public byte Flags { get; } = flags;

    /// <summary>True for a PUBLISH.</summary>
    public bool IsPublish => Flags >> 4 == 3;

    /// <summary>A PUBLISH's QoS (0..2; meaningless for other packets).</summary>
    public int QualityOfService => (Flags >> 1) & 3;

    /// <summary>A QoS 1 or 2 PUBLISH's packet identifier, otherwise 0.</summary>
    public ushort PacketIdentifier { get; } = packetIdentifier;
}
