using GeoFence.Zones.Hosting;

namespace GeoFence.Zones.Bundles;

/// <summary>A bundle, trust directory or store that can't be used; carries the fail-closed status.</summary>
public sealed class BundleException : Exception
{
    /// <summary>Creates an exception with a status and one-line message (what, where, how to fix).</summary>
    public BundleException(PolicyStatus status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>Creates an empty exception.</summary>
    public BundleException()
        : this(PolicyStatus.MalformedBundle, "bundle error")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public BundleException(string message)
        : this(PolicyStatus.MalformedBundle, message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    public BundleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = PolicyStatus.MalformedBundle;
    }

    /// <summary>The fail-closed status this error leads to.</summary>
    public PolicyStatus Status { get; }
}
