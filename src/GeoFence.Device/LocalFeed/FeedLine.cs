namespace GeoFence.Device.LocalFeed;

/// <summary>One line queued for a client: a TPV of a record (counted as sent or dropped) or a protocol reply.</summary>
internal readonly record struct FeedLine(byte[] Utf8, bool IsRecord);
