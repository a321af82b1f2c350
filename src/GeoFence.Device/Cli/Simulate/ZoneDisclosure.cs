using System.Security.Cryptography;
using GeoFence.Zones.Bundles;

namespace GeoFence.Device.Cli.Simulate;

/// <summary>
/// The check behind <c>--show-zones</c>: zones are sensitive, so they are drawn only for someone holding the private key
/// that signed the bundle. The key's public half must be trusted (in <c>--trust</c>) and its signature in the bundle must
/// verify. Failures are <see cref="CliException"/>s (exit 1) naming the key id, never a zone.
/// </summary>
internal static class ZoneDisclosure
{
    private const string Where = "--signing-key";
    private const long MaxKeyBytes = 64 * 1024;

    /// <summary>Throws unless <paramref name="signingKeyPath"/> holds a trusted key that signed <paramref name="bundle"/>.</summary>
    public static void RequireSigner(string signingKeyPath, byte[] bundle, string trustDirectory)
    {
        var key = ReadKey(signingKeyPath);
        SignedEnvelope envelope;
        TrustStore trust;
        try
        {
            envelope = SignedEnvelope.Parse(bundle);
            trust = TrustStore.Load(trustDirectory);
        }
        catch (BundleException ex)
        {
            throw new CliException($"can't check the signing key ({ex.Message})", Where, "give a valid bundle and trust directory");
        }

        var signature = envelope.Signatures.FirstOrDefault(s => s.KeyId == key.KeyId)
            ?? throw new CliException(
                $"key {key.KeyId} in {signingKeyPath} did not sign this bundle (signed by {string.Join(", ", envelope.Signatures.Select(s => s.KeyId))})",
                Where, "give the private key the bundle was signed with ('policy sign --key'), or leave out --show-zones");
        var trusted = trust.Find(key.KeyId)
            ?? throw new CliException($"key {key.KeyId} in {signingKeyPath} is not in the trust directory {trustDirectory}", Where, "use the authority key whose .pub.pem is trusted, or leave out --show-zones");
        var pae = SignedEnvelope.PreAuthenticationEncoding(envelope.PayloadType, envelope.Payload);
        if (!trusted.Verify(pae, signature.Signature))
        {
            throw new CliException($"the bundle's signature by key {key.KeyId} does not verify", Where, "re-sign the policy with this key ('policy sign'), or leave out --show-zones");
        }
    }

    private static SigningKey ReadKey(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliException($"signing key {path} does not exist", Where, "give the private key PEM from 'policy keygen' that signed the bundle");
            }

            return info.Length > MaxKeyBytes
                ? throw new CliException($"signing key {path} is larger than {MaxKeyBytes} bytes", Where, "give a PKCS#8 PRIVATE KEY PEM from 'policy keygen'")
                : SigningKey.FromPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            throw new CliException($"{path} is not a P-256 or SM2 PKCS#8 PRIVATE KEY PEM", Where, "give the private key from 'policy keygen' (*.key.pem), not the public one");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"can't read signing key {path} ({ex.Message})", Where, "check the path and permissions");
        }
    }
}
