using System.Security.Cryptography;
using GeoFence.Device.IntegrationTests.Infrastructure;
using GeoFence.Device.IntegrationTests.Pipeline;
using GeoFence.Zones.Bundles;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>A provisioned unit in a temp directory: data dir with device key, trust dir, a signed bundle in incoming/.</summary>
public sealed class UnitWorkspace : IDisposable
{
    private readonly TestDirectory _dir = new();

    public UnitWorkspace()
    {
        Data = Directory.CreateDirectory(_dir.File("data")).FullName;
        Config = Directory.CreateDirectory(_dir.File("etc")).FullName;
        DeviceKey = Path.Combine(Data, "device.key");
        System.IO.File.WriteAllBytes(DeviceKey, RandomNumberGenerator.GetBytes(32));
        Trust = TestPolicies.TrustDirectory(_dir.Path, Authority);
    }

    public SigningKey Authority { get; } = SigningKey.Generate(SignatureAlgorithm.EcdsaP256Sha256);

    public string Data { get; }

    public string Config { get; }

    public string Trust { get; }

    public string DeviceKey { get; }

    public string Incoming => Path.Combine(Data, "incoming");

    public string Outbox => Path.Combine(Data, "outbox.db");

    public string File(string name) => _dir.File(name);

    /// <summary>Signs <paramref name="json"/> and writes it as a bundle file (not yet dropped).</summary>
    public string WriteBundle(string json, string name = "policy.bundle")
    {
        var path = _dir.File(name);
        System.IO.File.WriteAllBytes(path, TestPolicies.Sign(json, Authority));
        return path;
    }

    /// <summary>Signs <paramref name="json"/> into incoming/ for the agent to install at start.</summary>
    public void DropBundle(string json)
    {
        Directory.CreateDirectory(Incoming);
        System.IO.File.WriteAllBytes(Path.Combine(Incoming, "policy.bundle"), TestPolicies.Sign(json, Authority));
    }

    /// <summary>Configuration arguments for this unit (Section:Key=value).</summary>
    public string[] Args(params string[] more) =>
    [
        "Unit:Id=test-unit",
        $"Unit:DataDirectory={Data}",
        $"Unit:TrustDirectory={Trust}",
        "LocalFeed:Enabled=false",
        .. more,
    ];

    /// <summary>Records committed to the outbox database, read from outside the agent's process (0 before it exists).</summary>
    public long CommittedRecords()
    {
        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Outbox};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(SUM(count), 0) FROM chunks";
            return (long)command.ExecuteScalar()!;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // not created yet, or busy
        }
    }

    public void Dispose() => _dir.Dispose();
}
