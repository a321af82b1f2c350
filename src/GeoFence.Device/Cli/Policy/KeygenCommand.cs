using System.CommandLine;
using GeoFence.Zones.Bundles;

namespace GeoFence.Device.Cli.Policy;

/// <summary><c>policy keygen --out DIR [--algorithm ecdsa-p256|sm2]</c>.</summary>
internal static class KeygenCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var outDirectory = new Option<string>("--out") { Description = "Directory to write <keyid>.key.pem (0600) and <keyid>.pub.pem into." };
        var algorithm = new Option<string>("--algorithm") { Description = "ecdsa-p256 (default) or sm2 (SM2/SM3, GB/T 32918).", DefaultValueFactory = _ => SignatureAlgorithmNames.EcdsaP256 };
        var command = new Command("keygen", "Generate a signing key pair; the key id is hex of the first 16 bytes of SHA-256 of the public key's SubjectPublicKeyInfo DER.\nExample: geofence-device policy keygen --out ./authority-keys --algorithm sm2")
        {
            outDirectory,
            algorithm,
        };
        PolicyCliHandler.Bind(command, (parseResult, output) =>
        {
            var directory = PolicyCliHandler.Required(parseResult, outDirectory, "keygen");
            var name = parseResult.GetValue(algorithm);
            if (!SignatureAlgorithmNames.TryParse(name, out var chosen))
            {
                throw CliFailure.Usage($"policy keygen: --algorithm '{name}' is not ecdsa-p256 or sm2");
            }

            var key = SigningKey.Generate(chosen);
            var privatePath = Path.Combine(directory, key.KeyId + ".key.pem");
            var publicPath = Path.Combine(directory, key.KeyId + ".pub.pem");
            try
            {
                Directory.CreateDirectory(directory);
                WriteNew(privatePath, key.PrivateKeyPem(), secret: true);
                WriteNew(publicPath, key.PublicKeyPem(), secret: false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw CliFailure.Runtime($"{directory}: can't write the key files ({ex.Message}); choose a writable directory");
            }

            output.WriteLine($"key id {key.KeyId} ({chosen.ToName()})");
            output.WriteLine($"private: {privatePath} (mode 0600; keep it offline)");
            output.WriteLine($"public:  {publicPath} (copy into each unit's trust directory)");
            return 0;
        });
        return command;
    }

    private static void WriteNew(string path, string content, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }
}
