using BenchmarkDotNet.Running;
using System.Globalization;
using GeoFence.Benchmarks.Forwarding;
using GeoFence.Benchmarks.Unit;

if (args is ["wear", ..])
{
    OutboxWear.Run(Console.Out, sweep: args is [_, "sweep"]);
    return;
}

if (args is ["unit", ..])
{
    var minutes = args is [_, "--minutes", var value, ..] ? double.Parse(value, CultureInfo.InvariantCulture) : 10;
    await UnitBenchmark.RunAsync(Console.Out, minutes);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
