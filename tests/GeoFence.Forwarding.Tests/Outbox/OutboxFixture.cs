using System.Text;
using GeoFence.Forwarding.Outbox;

namespace GeoFence.Forwarding.Tests.Outbox;

/// <summary>A fresh directory for one outbox database, and record helpers.</summary>
public sealed class OutboxFixture : IDisposable
{
    public OutboxFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "geofence-outbox-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "outbox.db");

    public OutboxOptions Options(Func<OutboxOptions, OutboxOptions>? change = null)
    {
        var options = new OutboxOptions { DatabasePath = DatabasePath };
        return change is null ? options : change(options);
    }

    public static OutboxRecord Record(long seq, DateTimeOffset created) =>
        new(seq, created, Encoding.UTF8.GetBytes($"{{\"seq\":{seq},\"level\":\"precise\"}}"));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
