using System.Device.I2c;
using Microsoft.Extensions.Logging;

namespace GeoFence.Device.Gpio;

/// <summary>
/// The status text on a 128×64 SSD1306 over I2C, drawn with <see cref="DisplayFont"/>: 8 lines of 21 characters.
/// The panel is opened and initialised at the first <see cref="Show"/> and again after any failure, so a display that
/// was missing at start or fell off the bus comes back at a later refresh. Every failure (no bus, no ACK, lost
/// power) surfaces as an <see cref="IOException"/> for <see cref="StatusDisplayService"/> and is logged once per outage.
/// </summary>
public sealed partial class Ssd1306StatusDisplay : IStatusDisplay, IDisposable
{
    private readonly Func<I2cDevice> _openDevice;
    private readonly string _where;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly byte[] _frame = new byte[DisplayFrame.Size];
    private Ssd1306Panel? _panel;
    private bool _outageLogged;
    private bool _disposed;

    /// <summary>Creates the display; <paramref name="openDevice"/> opens the I2C device (nothing is sent before <see cref="Show"/>).</summary>
    public Ssd1306StatusDisplay(Func<I2cDevice> openDevice, DisplayOptions options, ILogger<Ssd1306StatusDisplay> logger)
    {
        ArgumentNullException.ThrowIfNull(openDevice);
        ArgumentNullException.ThrowIfNull(options);
        _openDevice = openDevice;
        _where = options.Describe();
        _logger = logger;
    }

    /// <summary>True after a frame reached the panel, false after a failure (and before the first frame).</summary>
    public bool IsAvailable { get; private set; }

    /// <inheritdoc/>
    public void Show(IReadOnlyList<string> lines)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return; // a last timer tick racing the host's shutdown must not reopen the panel
            }

            DisplayFrame.Render(lines, _frame);
            try
            {
                _panel ??= Open();
                _panel.Draw(_frame);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or PlatformNotSupportedException)
            {
                Close();
                IsAvailable = false;
                if (!_outageLogged)
                {
                    _outageLogged = true;
                    LogUnavailable(_logger, _where, e.Message);
                }

                throw e as IOException ?? new IOException($"status display {_where}: {e.Message}", e);
            }

            if (!IsAvailable && _outageLogged)
            {
                LogBack(_logger, _where);
            }

            IsAvailable = true;
            _outageLogged = false;
        }
    }

    /// <summary>The text left on the panel when the agent stops, so a stale "TX open" does not stay lit.</summary>
    public static IReadOnlyList<string> StoppedText { get; } = ["AGENT STOPPED", "TX none"];

    /// <summary>Leaves <see cref="StoppedText"/> on a panel that is answering, then releases the device.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_panel is not null)
            {
                try
                {
                    DisplayFrame.Render(StoppedText, _frame);
                    _panel.Draw(_frame);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    // Stopping anyway.
                }
            }

            Close();
        }
    }

    private Ssd1306Panel Open()
    {
        var device = _openDevice();
        try
        {
            return new Ssd1306Panel(device);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    private void Close()
    {
        try
        {
            _panel?.Dispose();
        }
        catch (IOException)
        {
            // Closing a device that is already gone.
        }

        _panel = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status display {Where} unavailable ({Error}); the agent runs without it and retries at the next refresh")]
    private static partial void LogUnavailable(ILogger logger, string where, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Status display {Where} is back")]
    private static partial void LogBack(ILogger logger, string where);
}
