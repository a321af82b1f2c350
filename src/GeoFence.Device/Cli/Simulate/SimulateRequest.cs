namespace GeoFence.Device.Cli.Simulate;

/// <summary>The validated arguments of `simulate`.</summary>
/// <param name="InputPath">The capture to replay.</param>
/// <param name="BundlePath">The signed policy bundle.</param>
/// <param name="TrustDirectory">Trusted public keys.</param>
/// <param name="OutputDirectory">Where the three output files go.</param>
/// <param name="MinimumPlausibleDate">Decoder date floor.</param>
/// <param name="DeviceKeyPath">Device key file, or null for an ephemeral key.</param>
/// <param name="SigningKeyPath">With --show-zones: the private key that signed the bundle; null = no zone outlines.</param>
internal sealed record SimulateRequest(
    string InputPath,
    string BundlePath,
    string TrustDirectory,
    string OutputDirectory,
    DateTimeOffset MinimumPlausibleDate,
    string? DeviceKeyPath,
    string? SigningKeyPath = null);
