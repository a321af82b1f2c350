namespace GeoFence.Device.Hosting;

/// <summary>The unit's files, resolved once from <see cref="UnitOptions"/>.</summary>
/// <param name="Data">The data directory.</param>
/// <param name="Trust">The trust directory.</param>
/// <param name="DeviceKey">The device key file.</param>
/// <param name="Incoming">The incoming-bundle directory.</param>
/// <param name="Outbox">The outbox database.</param>
/// <param name="Audit">The audit log.</param>
public sealed record UnitPaths(string Data, string Trust, string DeviceKey, string Incoming, string Outbox, string Audit)
{
    /// <summary>The paths of <paramref name="options"/>.</summary>
    public static UnitPaths From(UnitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new UnitPaths(options.DataDirectory, options.TrustDirectory, options.DeviceKeyPath, options.IncomingPath, options.OutboxPath, options.AuditPath);
    }
}
