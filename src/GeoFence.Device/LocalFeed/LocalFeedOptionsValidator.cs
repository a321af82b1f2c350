using System.Net;
using Microsoft.Extensions.Options;

namespace GeoFence.Device.LocalFeed;

/// <summary>Checks <see cref="LocalFeedOptions"/> at start: each message names the key, what is wrong and an example.</summary>
public sealed class LocalFeedOptionsValidator : IValidateOptions<LocalFeedOptions>
{
    /// <summary>Largest accepted <see cref="LocalFeedOptions.MaxClients"/>.</summary>
    public const int MaxClientsLimit = 64;

    /// <summary>Largest accepted <see cref="LocalFeedOptions.QueueCapacity"/>.</summary>
    public const int QueueCapacityLimit = 4096;

    private const string Prefix = LocalFeedOptions.Section + ":";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LocalFeedOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (BindAddressProblem(options.BindAddress) is { } bind)
        {
            failures.Add(bind);
        }

        if (options.Port is < IPEndPoint.MinPort + 1 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Prefix}Port is {options.Port}: use a TCP port from 1 to 65535, e.g. \"Port\": 2947 (gpsd's port; another, e.g. 2948, if gpsd itself runs on the unit).");
        }

        if (options.MaxClients is < 1 or > MaxClientsLimit)
        {
            failures.Add($"{Prefix}MaxClients is {options.MaxClients}: use 1 to {MaxClientsLimit} clients served at once, e.g. \"MaxClients\": 8.");
        }

        if (options.QueueCapacity is < 1 or > QueueCapacityLimit)
        {
            failures.Add($"{Prefix}QueueCapacity is {options.QueueCapacity}: use 1 to {QueueCapacityLimit} lines waiting per client, e.g. \"QueueCapacity\": 64 (about 3 s at 20 Hz).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Why the address cannot be listened on, or null when it is a loopback address.</summary>
    public static string? BindAddressProblem(string? bindAddress)
    {
        const string Example = "e.g. \"BindAddress\": \"127.0.0.1\" (or \"::1\")";
        if (string.IsNullOrWhiteSpace(bindAddress))
        {
            return $"{Prefix}BindAddress is empty: give a loopback IP address, {Example}.";
        }

        if (!IPAddress.TryParse(bindAddress, out var address))
        {
            return $"{Prefix}BindAddress '{bindAddress}' is not an IP address: give a loopback IP address (no host names), {Example}.";
        }

        return IsLoopback(address)
            ? null
            : $"{Prefix}BindAddress '{bindAddress}' is not a loopback address: the local feed serves programs on this unit only and is never exposed to a network; {Example}.";
    }

    private static bool IsLoopback(IPAddress address) =>
        IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
