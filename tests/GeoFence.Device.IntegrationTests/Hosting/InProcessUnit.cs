using GeoFence.Device.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.IntegrationTests.Hosting;

/// <summary>The unit's host run in this test's process through <see cref="UnitRunner.RunAsync"/>, as `run` runs it, until stopped.</summary>
internal sealed class InProcessUnit : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task<int> _running = Task.FromResult(0);

    private InProcessUnit(IHost host) => Host = host;

    /// <summary>The running host.</summary>
    public IHost Host { get; private set; }

    /// <summary>What the runner wrote to its error output (configuration and start-up problems).</summary>
    public StringWriter Errors { get; } = new();

    /// <summary>Starts the unit with <paramref name="args"/>; <paramref name="onStarted"/> sees the host before the test goes on.</summary>
    public static async Task<InProcessUnit> StartAsync(UnitWorkspace workspace, string[] args, UnitHostOverrides? overrides, TimeSpan timeout, Action<IHost>? onStarted = null)
    {
        var unit = new InProcessUnit(null!);
        var started = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        unit._running = UnitRunner.RunAsync(args, workspace.Config, overrides, unit.Errors, unit._stop.Token, host =>
        {
            onStarted?.Invoke(host);
            started.SetResult(host);
            return Task.CompletedTask;
        });
        var first = await Task.WhenAny(started.Task, unit._running).WaitAsync(timeout);
        Assert.True(first == started.Task, $"the unit ended before it started: {unit.Errors}");
        unit.Host = await started.Task;
        return unit;
    }

    /// <summary>A service of the running host.</summary>
    public T Get<T>()
        where T : notnull => Host.Services.GetRequiredService<T>();

    /// <summary>Stops the unit as SIGTERM would and returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        return await _running.WaitAsync(timeout);
    }

    /// <summary>Stops the unit if a test failed before doing so.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_running.IsCompleted)
        {
            await _stop.CancelAsync();
            await _running.WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stop.Dispose();
    }
}
