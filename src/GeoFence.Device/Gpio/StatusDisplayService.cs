using GeoFence.Device.Status;
using Microsoft.Extensions.Hosting;

namespace GeoFence.Device.Gpio;

/// <summary>
/// Refreshes the <see cref="IStatusDisplay"/> once a second from <see cref="UnitStatusBoard"/>, writing only when the
/// text changed (a display on a slow I2C bus must not be driven per epoch) or when the same text has stood for
/// <see cref="CheckInterval"/> (so a panel that fell off the bus is noticed). The outcome of every draw is published as
/// <see cref="UnitStatus.Display"/>: ok, missing (never answered since start) or failed (answered before, fails now).
/// </summary>
public sealed class StatusDisplayService : IHostedService, IDisposable
{
    /// <summary>How often the text is compared and, if changed, redrawn.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long unchanged text stands before it is drawn again to check that the panel still answers.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);

    private readonly IStatusDisplay _display;
    private readonly UnitStatusBoard _board;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private IReadOnlyList<string>? _shown;
    private long _shownAt;
    private bool _answered;
    private ITimer? _timer;

    /// <summary>
    /// Creates the service and marks the display <see cref="DisplayState.Missing"/> (configured, not answered yet), so a
    /// status line sent before the first draw does not read "display off".
    /// </summary>
    public StatusDisplayService(IStatusDisplay display, UnitStatusBoard board, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(board);
        _display = display;
        _board = board;
        _time = time;
        _board.Update(s => s with { Display = DisplayState.Missing });
    }

    /// <summary>Draws the first frame (so <see cref="UnitStatus.Display"/> is known once the host has started), then starts the refresh timer.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Refresh();
        _timer = _time.CreateTimer(_ => Refresh(), null, RefreshInterval, RefreshInterval);
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
            if (_shown is not null && _shown.SequenceEqual(lines) && _time.GetElapsedTime(_shownAt) < CheckInterval)
            {
                return;
            }

            DisplayState state;
            try
            {
                _display.Show(lines);
                (_shown, _shownAt, _answered) = (lines, _time.GetTimestamp(), true);
                state = DisplayState.Ok;
            }
            catch (IOException)
            {
                // A display that fell off the bus must not stop the agent; the next tick retries.
                _shown = null;
                state = _answered ? DisplayState.Failed : DisplayState.Missing;
            }

            _board.Update(s => s with { Display = state });
        }
    }
}
