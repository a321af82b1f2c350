using System.CommandLine;
using System.Globalization;
using GeoFence.Zones.Bundles;
using GeoFence.Zones.Decisions;
using GeoFence.Zones.Policy;

namespace GeoFence.Device.Cli.Policy;

/// <summary>The shared <c>--bundle</c> and <c>--trust</c> options and loading a verified policy from them.</summary>
internal sealed class BundleOptions
{
    /// <summary>The bundle file option.</summary>
    public Option<string> Bundle { get; } = new("--bundle") { Description = "Signed policy bundle (from 'policy sign')." };

    /// <summary>The trust directory option.</summary>
    public Option<string> Trust { get; } = new("--trust") { Description = "Directory of trusted public key PEM files (*.pem)." };

    /// <summary>Adds both options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Bundle);
        command.Options.Add(Trust);
    }

    /// <summary>Reads, verifies and compiles the bundle; failures become one line naming the file.</summary>
    public (CompiledPolicy Policy, string Path) Load(System.CommandLine.ParseResult parseResult, string command)
    {
        var bundlePath = PolicyCliHandler.Required(parseResult, Bundle, command);
        var trustPath = PolicyCliHandler.Required(parseResult, Trust, command);
        var bytes = CliFiles.ReadAll(bundlePath, PolicyLimits.MaxDocumentBytes * 2L);
        try
        {
            return (BundleVerifier.Verify(bytes, TrustStore.Load(trustPath)), bundlePath);
        }
        catch (BundleException ex)
        {
            throw CliFailure.Runtime($"{bundlePath}: {ex.Status}: {ex.Message}");
        }
    }

    /// <summary>Parses an optional ISO 8601 instant option; null when absent.</summary>
    public static DateTimeOffset? ParseTime(string? text, string where)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw CliFailure.Usage($"{where}: '{text}' is not an ISO 8601 time like 2026-12-01T08:00:00Z");
    }
}
