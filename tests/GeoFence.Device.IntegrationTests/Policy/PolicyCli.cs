using System.CommandLine;
using GeoFence.Device.Cli;
using Microsoft.Extensions.Time.Testing;

namespace GeoFence.Device.IntegrationTests.Policy;

/// <summary>Runs <c>policy …</c> in-process with captured output and a fake clock.</summary>
internal static class PolicyCli
{
    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 6, 3, 4, 0, 0, TimeSpan.Zero));

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = PolicyCommand.Create(Clock).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    public static (int ExitCode, string Output, string Error) RunFromRoot(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var root = new RootCommand("test root") { PolicyCommand.Create(Clock) };
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
