using System.Globalization;

namespace GeoFence.Device.Cli.Selftest;

/// <summary>
/// The key-file lines of the self-test: the device key must be owned by the service user (or root) with mode 0600 or
/// stricter; the trust directory and the authority keys in it must not be writable by group or others, nor owned by
/// anyone but the service user or root (whoever can write there can add a key that signs policies). Each FAIL carries
/// the exact chmod/chown that fixes it.
/// </summary>
internal static class KeyFilePermissionCheck
{
    /// <summary>The account the packaged systemd unit runs the agent as.</summary>
    public const string ServiceUser = "geofence";

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>
    /// Checks <paramref name="deviceKey"/> and <paramref name="trustDirectory"/> for the service user
    /// (<paramref name="serviceUser"/>, uid <paramref name="serviceUid"/>). Nothing to report for files that do not exist
    /// (the device-key and trust lines say so) or on systems without Unix modes.
    /// </summary>
    public static IReadOnlyList<SelftestResult> Run(string deviceKey, string trustDirectory, string serviceUser, uint serviceUid)
    {
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        var results = new List<SelftestResult>();
        if (File.Exists(deviceKey))
        {
            results.Add(CheckDeviceKey(deviceKey, serviceUser, serviceUid));
        }

        if (Directory.Exists(trustDirectory))
        {
            results.Add(CheckTrust(trustDirectory, serviceUser, serviceUid));
        }

        return results;
    }

    /// <summary>The service user the agent runs as: <see cref="ServiceUser"/> when that account exists, else whoever runs the self-test.</summary>
    public static (string Name, uint Uid) ResolveServiceUser()
    {
        if (UnixOwnership.UidOf(ServiceUser) is { } uid)
        {
            return (ServiceUser, uid);
        }

        var self = UnixOwnership.EffectiveUid() ?? 0;
        return (UnixOwnership.NameOf(self), self);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static SelftestResult CheckDeviceKey(string path, string serviceUser, uint serviceUid)
    {
        var problems = new List<string>();
        var fixes = new List<string>();
        var mode = File.GetUnixFileMode(path);
        if ((mode & (GroupOrOther | UnixFileMode.UserExecute | UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit)) != 0)
        {
            problems.Add($"mode {Octal(mode)} lets others read the key");
            fixes.Add($"chmod 600 {path}");
        }

        OwnerProblem(path, serviceUser, serviceUid, problems, fixes);
        return problems.Count == 0
            ? new(SelftestOutcome.Pass, "key-file", $"{path} mode {Octal(mode)}, owner {Owner(path)}")
            : new(SelftestOutcome.Fail, "key-file", $"{path}: {string.Join("; ", problems)}: run {string.Join(" && ", fixes)}");
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static SelftestResult CheckTrust(string directory, string serviceUser, uint serviceUid)
    {
        var problems = new List<string>();
        var fixes = new List<string>();
        var mode = File.GetUnixFileMode(directory);
        if ((mode & GroupOrOtherWrite) != 0)
        {
            problems.Add($"directory mode {Octal(mode)} is writable by group or others");
            fixes.Add($"chmod go-w {directory}");
        }

        OwnerProblem(directory, serviceUser, serviceUid, problems, fixes);
        var writableKeys = Directory.GetFiles(directory, "*.pem").Where(f => (File.GetUnixFileMode(f) & GroupOrOtherWrite) != 0).Order(StringComparer.Ordinal).ToList();
        if (writableKeys.Count > 0)
        {
            problems.Add($"{writableKeys.Count} key file(s) writable by group or others");
            fixes.Add($"chmod go-w {string.Join(' ', writableKeys)}");
        }

        return problems.Count == 0
            ? new(SelftestOutcome.Pass, "trust-dir", $"{directory} mode {Octal(mode)}, owner {Owner(directory)}, not writable by group or others")
            : new(SelftestOutcome.Fail, "trust-dir", $"{directory}: {string.Join("; ", problems)}: run {string.Join(" && ", fixes)}");
    }

    private static void OwnerProblem(string path, string serviceUser, uint serviceUid, List<string> problems, List<string> fixes)
    {
        if (UnixOwnership.OwnerOf(path) is { } owner && owner != 0 && owner != serviceUid)
        {
            problems.Add($"owned by {UnixOwnership.NameOf(owner)}, not {serviceUser} or root");
            fixes.Add($"chown {serviceUser}:{serviceUser} {path}");
        }
    }

    private static string Owner(string path) => UnixOwnership.OwnerOf(path) is { } uid ? UnixOwnership.NameOf(uid) : "unknown";

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8).PadLeft(3, '0').ToString(CultureInfo.InvariantCulture);
}
