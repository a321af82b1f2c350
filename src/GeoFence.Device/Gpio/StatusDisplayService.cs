using GeoFence.Device.Status;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.Gpio;

/// <summary>
/// Refreshes the <see cref="IStatusDisplay"/> once a second from <see cref="UnitStatusBoard"/>, writing only when the
/// text changed (a display on a slow I2C bus must not be driven per epoch).
/// </summary>
public sealed class StatusDisplayService : IHostedService, IDisposable
{
    /// <summary>How often the text is compared and, if changed, redrawn.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly IStatusDisplay _display;
    private readonly UnitStatusBoard _board;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private IReadOnlyList<string>? _shown;
    private ITimer? _timer;

    /// <summary>Creates the service.</summary>
    public StatusDisplayService(IStatusDisplay display, UnitStatusBoard board, TimeProvider time)
    {
        _display = display;
        _board = board;
        _time = time;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = _time.CreateTimer(_ => Refresh(), null, TimeSpan.Zero, RefreshInterval);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => _timer?.Dispose();

    private void Refresh()
    {
        lock (_gate)
        {
            var lines = StatusDisplayText.Render(_board.Current);
            if (_shown is not null && _shown.SequenceEqual(lines))
            {
                return;
            }

            _shown = lines;
            try
            {
                _display.Show(lines);
            }
            catch (IOException)
            {
                // A display that fell off the bus must not stop the agent; the next change retries.
                _shown = null;
            }
        }
    }
}
