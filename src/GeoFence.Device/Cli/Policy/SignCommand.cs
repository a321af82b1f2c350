using System.CommandLine;
using System.Security.Cryptography;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Decisions;
using GeoFence.Zones.Policy;

namespace GeoFence.Device.Cli.Policy;

/// <summary><c>policy sign --key KEY [--key KEY2] --in policy.json --out BUNDLE</c>.</summary>
internal static class SignCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var keys = new Option<string[]>("--key") { Description = "Private key PEM from 'policy keygen'; repeat to sign with several keys (e.g. ECDSA and SM2)." };
        var input = new Option<string>("--in") { Description = "Policy JSON (schema geofence-policy/1)." };
        var outFile = new Option<string>("--out") { Description = "Bundle file to write." };
        var command = new Command("sign", "Validate a policy document and sign it into a bundle.\nExample: geofence-device policy sign --key keys/0123abcd.key.pem --in policy.json --out policy-v7.bundle")
        {
            keys,
            input,
            outFile,
        };
        PolicyCliHandler.Bind(command, (parseResult, output) =>
        {
            var keyFiles = parseResult.GetValue(keys) ?? [];
            if (keyFiles.Length == 0)
            {
                throw CliFailure.Usage("policy sign: --key is required; see 'policy sign --help'");
            }

            var inPath = PolicyCliHandler.Required(parseResult, input, "sign");
            var outPath = PolicyCliHandler.Required(parseResult, outFile, "sign");
            var signingKeys = keyFiles.Select(LoadKey).ToList();
            var payload = CliFiles.ReadAll(inPath, PolicyLimits.MaxDocumentBytes);
            CompiledPolicy policy;
            try
            {
                policy = CompiledPolicy.Compile(PolicyParser.Parse(payload));
            }
            catch (PolicyFormatException ex)
            {
                throw CliFailure.Runtime($"{inPath}: {ex.Message}");
            }

            var bundle = SignedEnvelope.Sign(SignedEnvelope.PolicyPayloadType, payload, signingKeys).ToCanonicalBytes();
            CliFiles.Write(outPath, bundle);
            output.WriteLine($"signed policy {policy.Document.PolicyId} version {policy.Document.Version} with {string.Join(", ", signingKeys.Select(k => $"{k.KeyId} ({k.Algorithm.ToName()})"))} -> {outPath}");
            return 0;
        });
        return command;
    }

    private static SigningKey LoadKey(string path)
    {
        try
        {
            return SigningKey.FromPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw CliFailure.Runtime($"{path}: not a P-256 or SM2 PKCS#8 PRIVATE KEY PEM ({ex.Message}); create one with 'policy keygen'");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliFailure.Runtime($"{path}: can't read the key ({ex.Message})");
        }
    }
}
