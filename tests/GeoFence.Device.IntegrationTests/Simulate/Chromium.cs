using System.Diagnostics;
using GeoFence.Device.IntegrationTests.Infrastructure;

namespace GeoFence.Device.IntegrationTests.Simulate;

/// <summary>Debian's headless chromium taking a screenshot of a local page (no network, fresh profile).</summary>
public static class Chromium
{
    public const string InstallLine = "apt-get install -y chromium";

    /// <summary>The chromium executable; fails (never skips) with the install line when it is missing.</summary>
    public static string Executable()
    {
        foreach (var name in new[] { "chromium", "chromium-browser" })
        {
            var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
                .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return found;
            }
        }

        Assert.Fail($"chromium is not installed; the report test needs it: {InstallLine} (as root; Debian's package)");
        return string.Empty;
    }

    /// <summary>Screenshots <paramref name="html"/> at 1200×900 into <paramref name="png"/>.</summary>
    public static async Task ScreenshotAsync(string html, string png, TestDirectory scratch)
    {
        var profile = Directory.CreateDirectory(scratch.File("chromium-profile-" + Guid.NewGuid().ToString("N"))).FullName;
        var start = new ProcessStartInfo(Executable()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, "--screenshot=" + png,
            "--window-size=1200,900", new Uri(html).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(File.Exists(png), $"chromium wrote no screenshot (exit {process.ExitCode}): {await output}{await error}");
    }
}
