using BenchmarkDotNet.Running;
using System.Globalization;
using GeoFence.Benchmarks.Forwarding;
using GeoFence.Benchmarks.Unit;

if (args is ["wear", ..])
{
    OutboxWear.Run(Console.Out, sweep: args is [_, "sweep"]);
    return;
}

if (args is ["gnss-paired", ..])
{
    GeoFence.Benchmarks.Gnss.PairedGnssRounds.Run(Console.Out, args is [_, var rounds] ? int.Parse(rounds, CultureInfo.InvariantCulture) : 40);
    return;
}

if (args is ["unit", ..])
{
    // unit [--minutes N] [--agent PATH] [--agent-env KEY=VALUE]...: PATH is a published geofence-device executable
    // (self-contained or NativeAOT) to run instead of `dotnet geofence-device.dll` from this build.
    var minutes = 10.0;
    string? agent = null;
    var agentEnvironment = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 1; i + 1 < args.Length; i += 2)
    {
        switch (args[i])
        {
            case "--minutes": minutes = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            case "--agent": agent = Path.GetFullPath(args[i + 1]); break;
            case "--agent-env" when args[i + 1].Split('=', 2) is [var key, var value]: agentEnvironment[key] = value; break;
            default: throw new ArgumentException($"unit: unknown option {args[i]} {args[i + 1]}");
        }
    }

    await UnitBenchmark.RunAsync(Console.Out, minutes, agent, agentEnvironment);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
