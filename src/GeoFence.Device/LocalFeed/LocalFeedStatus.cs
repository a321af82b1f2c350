namespace GeoFence.Device.LocalFeed;

/// <summary>The local feed's counters at one moment (see <see cref="LocalFeedCounters"/> for each meaning).</summary>
/// <param name="Clients">Clients connected now.</param>
/// <param name="ClientsAccepted">Clients served since start.</param>
/// <param name="ClientsRefused">Connections refused at the client limit.</param>
/// <param name="RecordsAccepted">Records the pipeline handed to the feed.</param>
/// <param name="RecordsSent">TPV objects written to clients.</param>
/// <param name="RecordsDropped">TPV objects dropped for slow clients.</param>
/// <param name="CommandErrors">Commands answered with an ERROR object.</param>
/// <param name="OverlongCommands">Clients closed for an overlong command.</param>
public sealed record LocalFeedStatus(
    long Clients, long ClientsAccepted, long ClientsRefused, long RecordsAccepted, long RecordsSent, long RecordsDropped, long CommandErrors, long OverlongCommands);
