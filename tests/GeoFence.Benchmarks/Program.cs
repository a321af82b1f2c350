using BenchmarkDotNet.Running;
using GeoFence.Benchmarks.Forwarding;

if (args is ["wear", ..])
{
    OutboxWear.Run(Console.Out, sweep: args is [_, "sweep"]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
