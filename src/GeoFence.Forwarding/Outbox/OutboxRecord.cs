namespace GeoFence.Forwarding.Outbox;

/// <summary>One stored outgoing record: its sequence number, creation time and serialised compliant payload.</summary>
public sealed record OutboxRecord(long Sequence, DateTimeOffset Created, ReadOnlyMemory<byte> Payload);
