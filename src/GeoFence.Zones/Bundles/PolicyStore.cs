using System.Globalization;
using System.Text;
using GeoFence.Zones.Decisions;
using GeoFence.Zones.Hosting;

namespace GeoFence.Zones.Bundles;

/// <summary>
/// The unit's installed policy: the signed bundle encrypted at rest (<c>policy.bundle.enc</c>) and the anti-rollback
/// state (<c>policy.state.enc</c>: last accepted version) in the data directory. Loading verifies again every time.
/// </summary>
public sealed class PolicyStore
{
    /// <summary>File name of the encrypted bundle in the data directory.</summary>
    public const string BundleFileName = "policy.bundle.enc";

    /// <summary>File name of the encrypted anti-rollback state in the data directory.</summary>
    public const string StateFileName = "policy.state.enc";

    private const string BundlePurpose = "policy-bundle";
    private const string StatePurpose = "policy-state";
    private readonly string _dataDirectory;
    private readonly string _trustDirectory;
    private readonly string _deviceKeyFile;
    private readonly TimeProvider _time;
    private readonly Lock _installLock = new();

    /// <summary>Creates a store over a data directory, a trust directory and a device key file, with a clock.</summary>
    public PolicyStore(string dataDirectory, string trustDirectory, string deviceKeyFile, TimeProvider timeProvider)
    {
        _dataDirectory = dataDirectory;
        _trustDirectory = trustDirectory;
        _deviceKeyFile = deviceKeyFile;
        _time = timeProvider;
    }

    /// <summary>Loads and verifies the installed bundle; returns a usable state or the fail-closed reason.</summary>
    public PolicyState LoadInstalled()
    {
        try
        {
            var trust = TrustStore.Load(_trustDirectory);
            var cipher = AtRestCipher.FromKeyFile(_deviceKeyFile);
            var bundlePath = Path.Combine(_dataDirectory, BundleFileName);
            if (!File.Exists(bundlePath))
            {
                return PolicyState.NotLoaded;
            }

            var policy = BundleVerifier.Verify(cipher.Decrypt(BundlePurpose, File.ReadAllBytes(bundlePath)), trust);
            var accepted = ReadAcceptedVersion(cipher)
                ?? throw new BundleException(PolicyStatus.StorageError, $"anti-rollback state {StateFileName} is missing; re-install the newest bundle");
            if (policy.Document.Version < accepted)
            {
                throw new BundleException(PolicyStatus.Rollback, $"installed bundle version {policy.Document.Version} is below the accepted version {accepted}; install version > {accepted}");
            }

            CheckWindow(policy);
            return PolicyState.Usable(policy);
        }
        catch (BundleException ex)
        {
            return PolicyState.FailClosed(ex.Status, ex.Message);
        }
        catch (IOException ex)
        {
            return PolicyState.FailClosed(PolicyStatus.StorageError, $"data directory {_dataDirectory}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return PolicyState.FailClosed(PolicyStatus.StorageError, $"data directory {_dataDirectory}: {ex.Message}");
        }
    }

    /// <summary>
    /// Verifies a new bundle (signature, policy, validity now, version above the last accepted) and, if good, persists
    /// it encrypted plus the new accepted version. On failure nothing on disk changes.
    /// </summary>
    public PolicyUpdateResult Install(ReadOnlySpan<byte> bundle)
    {
        try
        {
            var trust = TrustStore.Load(_trustDirectory);
            var cipher = AtRestCipher.FromKeyFile(_deviceKeyFile);
            var policy = BundleVerifier.Verify(bundle, trust);
            CheckWindow(policy);
            lock (_installLock)
            {
                var accepted = ReadAcceptedVersion(cipher);
                if (accepted is null && File.Exists(Path.Combine(_dataDirectory, BundleFileName)))
                {
                    throw new BundleException(PolicyStatus.StorageError, $"anti-rollback state {StateFileName} is missing while a bundle is installed; restore it or re-provision the unit");
                }

                if (accepted is { } last && policy.Document.Version <= last)
                {
                    throw new BundleException(PolicyStatus.Rollback, $"bundle version {policy.Document.Version} is not above the accepted version {last}; sign a higher version");
                }

                AtomicFile.Write(Path.Combine(_dataDirectory, BundleFileName), cipher.Encrypt(BundlePurpose, bundle));
                var state = string.Create(CultureInfo.InvariantCulture, $"{policy.Document.Version}\n{_time.GetUtcNow():O}\n");
                AtomicFile.Write(Path.Combine(_dataDirectory, StateFileName), cipher.Encrypt(StatePurpose, Encoding.UTF8.GetBytes(state)));
            }

            return new PolicyUpdateResult(true, PolicyState.Usable(policy));
        }
        catch (BundleException ex)
        {
            return new PolicyUpdateResult(false, PolicyState.FailClosed(ex.Status, ex.Message));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PolicyUpdateResult(false, PolicyState.FailClosed(PolicyStatus.StorageError, $"data directory {_dataDirectory}: {ex.Message}"));
        }
    }

    /// <summary>The last accepted version, or null when none was ever accepted.</summary>
    public long? AcceptedVersion() => ReadAcceptedVersion(AtRestCipher.FromKeyFile(_deviceKeyFile));

    private long? ReadAcceptedVersion(AtRestCipher cipher)
    {
        var path = Path.Combine(_dataDirectory, StateFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(cipher.Decrypt(StatePurpose, File.ReadAllBytes(path)));
        var firstLine = text.Split('\n')[0];
        return long.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new BundleException(PolicyStatus.StorageError, $"anti-rollback state {StateFileName} is unreadable");
    }

    private void CheckWindow(CompiledPolicy policy)
    {
        var now = _time.GetUtcNow();
        var d = policy.Document;
        if (now < d.NotBefore)
        {
            throw new BundleException(PolicyStatus.NotYetValid, $"policy {d.PolicyId} v{d.Version} is not valid before {d.NotBefore:O} (now {now:O}); wait or check the clock");
        }

        if (now >= d.NotAfter)
        {
            throw new BundleException(PolicyStatus.Expired, $"policy {d.PolicyId} v{d.Version} expired at {d.NotAfter:O} (now {now:O}); install a newer bundle");
        }
    }
}

/// <summary>Outcome of an install: accepted with the new usable state, or rejected with the reason.</summary>
/// <param name="Accepted">True when the bundle was installed.</param>
/// <param name="State">The new usable state, or a fail-closed state describing the rejection.</param>
public sealed record PolicyUpdateResult(bool Accepted, PolicyState State);
