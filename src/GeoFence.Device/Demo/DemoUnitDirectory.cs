using System.Security.Cryptography;
using GeoFence.Zones.Bundles;

namespace GeoFence.Device.Demo;

/// <summary>
/// A temporary unit laid out like a field unit: <c>data/</c> (the bundle installed through <see cref="PolicyStore"/>:
/// <c>policy.bundle.enc</c> + <c>policy.state.enc</c>, and the outbox goes here), <c>trust/</c> (the signer's public key
/// PEM), <c>device.key</c> (64 hex digits, mode 0600), plus <c>policy.bundle</c> (the signed bundle as a file, for
/// <c>simulate</c> and the file-drop path). The host starts from it exactly as in the field.
/// </summary>
public sealed class DemoUnitDirectory
{
    private DemoUnitDirectory(string root)
    {
        Root = root;
    }

    /// <summary>The unit's root (deleted by <see cref="DemoEnvironment"/>).</summary>
    public string Root { get; }

    /// <summary>The data directory (installed policy, outbox, audit).</summary>
    public string DataDirectory => Path.Combine(Root, "data");

    /// <summary>The trust directory (one <c>&lt;keyid&gt;.pub.pem</c>).</summary>
    public string TrustDirectory => Path.Combine(Root, "trust");

    /// <summary>The device key file (at-rest encryption of the data directory).</summary>
    public string DeviceKeyFile => Path.Combine(Root, "device.key");

    /// <summary>The signed bundle as <c>policy sign</c> writes it.</summary>
    public string BundleFile => Path.Combine(Root, "policy.bundle");

    /// <summary>Writes the layout under <paramref name="root"/> and installs the policy's bundle; throws when the unit refuses it.</summary>
    public static DemoUnitDirectory Create(string root, DemoPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        var unit = new DemoUnitDirectory(Path.GetFullPath(root));
        Directory.CreateDirectory(unit.DataDirectory);
        Directory.CreateDirectory(unit.TrustDirectory);
        File.WriteAllText(Path.Combine(unit.TrustDirectory, policy.KeyId + ".pub.pem"), policy.PublicKeyPem);
        WriteSecret(unit.DeviceKeyFile, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)) + "\n");
        File.WriteAllBytes(unit.BundleFile, policy.Bundle.ToArray());
        var installed = new PolicyStore(unit.DataDirectory, unit.TrustDirectory, unit.DeviceKeyFile, time).Install(policy.Bundle.Span);
        return installed.Accepted
            ? unit
            : throw new InvalidOperationException($"the demo unit refused its own policy: {installed.State.Status} ({installed.State.Detail})");
    }

    private static void WriteSecret(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
