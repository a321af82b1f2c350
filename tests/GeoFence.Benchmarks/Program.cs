using BenchmarkDotNet.Running;
using GeoFence.Benchmarks.Forwarding;

if (args is ["wear"])
{
    OutboxWear.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
