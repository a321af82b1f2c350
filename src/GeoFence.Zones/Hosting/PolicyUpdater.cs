using GeoFence.Zones.Bundles;

namespace GeoFence.Zones.Hosting;

/// <summary>
/// Applies policy updates to a holder: a new bundle is verified and installed, then swapped in atomically; a failed
/// update leaves the old policy in force and is reported through <see cref="LastRejection"/>.
/// </summary>
public sealed class PolicyUpdater
{
    private readonly PolicyStore _store;
    private readonly PolicyHolder _holder;

    /// <summary>Creates an updater over a store and the holder it feeds.</summary>
    public PolicyUpdater(PolicyStore store, PolicyHolder holder)
    {
        _store = store;
        _holder = holder;
    }

    /// <summary>The reason of the last rejected update, or null.</summary>
    public PolicyState? LastRejection { get; private set; }

    /// <summary>Loads the installed bundle at start-up and makes it current (or the fail-closed reason).</summary>
    public PolicyState LoadAtStartup()
    {
        var state = _store.LoadInstalled();
        _holder.Swap(state);
        return state;
    }

    /// <summary>Verifies, installs and swaps in a new bundle; keeps the old policy when it fails.</summary>
    public PolicyUpdateResult Apply(ReadOnlySpan<byte> bundle)
    {
        var result = _store.Install(bundle);
        if (result.Accepted)
        {
            _holder.Swap(result.State);
            LastRejection = null;
        }
        else
        {
            LastRejection = result.State;
        }

        return result;
    }

    /// <summary>Applies a dropped bundle file, then removes it (accepted) or renames it to <c>.rejected</c>.</summary>
    public PolicyUpdateResult ApplyDroppedFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length > Policy.PolicyLimits.MaxDocumentBytes * 2L)
        {
            var rejected = new PolicyUpdateResult(false, PolicyState.FailClosed(PolicyStatus.MalformedBundle, $"{path}: missing or too large"));
            LastRejection = rejected.State;
            return rejected;
        }

        var result = Apply(File.ReadAllBytes(path));
        if (result.Accepted)
        {
            File.Delete(path);
        }
        else
        {
            File.Move(path, path + ".rejected", overwrite: true);
        }

        return result;
    }
}
