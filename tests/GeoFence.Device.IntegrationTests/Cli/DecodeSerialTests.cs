using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Cli;

/// <summary>A capture written into a socat pty arrives decoded through `decode --serial`, exactly as from the file.</summary>
public sealed class DecodeSerialTests
{
    [Fact]
    public async Task A_capture_through_a_pty_decodes_to_the_same_fixes_as_the_file()
    {
        const string capture = "ublox-f9p-hpnmea.log";
        var fromFile = await DeviceProcess.RunAsync("decode", "--input", Corpus.PathOf(capture), "--min-date", "2000-01-01");
        var expected = fromFile.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(expected);

        using var dir = new TestDirectory();
        using var pty = new SocatPty(dir.Path);
        using var agent = DeviceProcess.Start("decode", "--serial", pty.ReaderPath, "--baud", "auto", "--min-date", "2000-01-01", "--count", expected.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The agent says on stderr when it has the port open; only then is the capture written, once.
        string? status;
        while ((status = await agent.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))) is not null
               && !status.Contains("reading from serial", StringComparison.Ordinal))
        {
        }

        Assert.NotNull(status);
        var stderr = agent.StandardError.ReadToEndAsync();
        pty.Write(Corpus.Read(capture));
        var lines = new List<string>();
        string? line;
        while ((line = await agent.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null) // a guard: never hang the suite
        {
            lines.Add(line);
        }

        await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(agent.ExitCode == 0, await stderr);
        Assert.Equal(expected, lines);
        Assert.Contains("fixes from serial " + pty.ReaderPath, await stderr, StringComparison.Ordinal);
    }
}
