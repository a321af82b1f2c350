namespace GeoFence.Device.Sources;

/// <summary>Decides during auto-baud whether an open channel carries well-formed receiver frames.</summary>
public interface ILinkProbe
{
    /// <summary>Reads from the channel for a bounded time; true when enough checksum-valid frames arrived.</summary>
    ValueTask<bool> LooksRightAsync(IByteChannel channel, CancellationToken cancellationToken);
}
