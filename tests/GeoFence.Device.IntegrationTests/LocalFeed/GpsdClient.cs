using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace GeoFence.Device.IntegrationTests.LocalFeed;

/// <summary>A raw TCP gpsd client: sends command text, reads one JSON line at a time (generous timeouts as guards only).</summary>
internal sealed class GpsdClient : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);
    private readonly TcpClient tcp;
    private readonly StreamReader reader;

    private GpsdClient(TcpClient tcp)
    {
        this.tcp = tcp;
        reader = new StreamReader(tcp.GetStream(), Encoding.UTF8);
    }

    public static async Task<GpsdClient> ConnectAsync(int port, int? receiveBufferSize = null)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork);
        if (receiveBufferSize is { } size)
        {
            tcp.ReceiveBufferSize = size; // before connecting, so the window stays small
        }

        await tcp.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Guard);
        return new GpsdClient(tcp);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await tcp.GetStream().WriteAsync(bytes).AsTask().WaitAsync(Guard);

    /// <summary>The next line, or null at end of stream.</summary>
    public async Task<string?> ReadLineAsync() => await reader.ReadLineAsync().WaitAsync(Guard);

    /// <summary>The next line as JSON; fails at end of stream.</summary>
    public async Task<JsonElement> ReadAsync()
    {
        var line = await ReadLineAsync();
        Assert.NotNull(line);
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    /// <summary>Sends a command and reads the one reply.</summary>
    public async Task<JsonElement> AskAsync(string command)
    {
        await SendAsync(command);
        return await ReadAsync();
    }

    public void Dispose()
    {
        reader.Dispose();
        tcp.Dispose();
    }
}

/// <summary>Reading gpsd JSON objects in assertions.</summary>
internal static class GpsdJsonElement
{
    public static string? Class(this JsonElement e) => e.GetProperty("class").GetString();

    public static string Message(this JsonElement e)
    {
        Assert.Equal("ERROR", e.Class());
        return e.GetProperty("message").GetString()!;
    }

    public static double? Number(this JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetDouble() : null;

    public static IReadOnlyList<string> Names(this JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToList();
}
