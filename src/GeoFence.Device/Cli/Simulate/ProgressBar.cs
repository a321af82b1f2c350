using System.Globalization;

namespace GeoFence.Device.Cli.Simulate;

/// <summary>
/// One-line progress on a terminal (bytes %, fixes/s, ETA), redrawn in place with a carriage return. Appears only
/// once a run has lasted <see cref="ShowAfter"/> (short inputs stay quiet), then at most every
/// <see cref="MinimumInterval"/> (≤ 10 updates/s); <see cref="Complete"/> draws 100 % and ends the line if a bar was
/// shown. Disabled (writes nothing) when standard error is not a terminal.
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    /// <summary>How long a run must last before the bar appears.</summary>
    public static readonly TimeSpan ShowAfter = TimeSpan.FromMilliseconds(250);

    /// <summary>Shortest time between two redraws.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    private const int BarWidth = 30;
    private readonly TextWriter writer;
    private readonly TimeProvider time;
    private readonly long totalBytes;
    private readonly bool enabled;
    private readonly long started;
    private TimeSpan? lastDrawn;
    private bool lineOpen;

    /// <summary>A bar over <paramref name="totalBytes"/> bytes drawn on <paramref name="writer"/> when <paramref name="enabled"/>.</summary>
    public ProgressBar(TextWriter writer, TimeProvider time, long totalBytes, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.writer = writer;
        this.time = time;
        this.totalBytes = totalBytes;
        this.enabled = enabled;
        started = time.GetTimestamp();
    }

    /// <summary>Redraws made so far.</summary>
    public int Draws { get; private set; }

    /// <summary>The bar for standard error: enabled only when standard error is a terminal.</summary>
    public static ProgressBar ForStandardError(long totalBytes) =>
        new(Console.Error, TimeProvider.System, totalBytes, enabled: !Console.IsErrorRedirected);

    /// <summary>Reports progress; draws when enabled, old enough and the last draw is at least <see cref="MinimumInterval"/> ago.</summary>
    public void Report(long bytesRead, long fixes)
    {
        if (!enabled)
        {
            return;
        }

        var elapsed = time.GetElapsedTime(started);
        if (elapsed < ShowAfter || (lastDrawn is { } last && elapsed - last < MinimumInterval))
        {
            return;
        }

        Draw(bytesRead, fixes, elapsed, final: false);
    }

    /// <summary>Draws the finished state and ends the line, if a bar was shown.</summary>
    public void Complete(long fixes)
    {
        if (enabled && Draws > 0)
        {
            Draw(totalBytes, fixes, time.GetElapsedTime(started), final: true);
        }
    }

    /// <summary>Ends an unfinished bar's line (a run that failed midway), so an error message starts on its own line.</summary>
    public void Dispose()
    {
        if (lineOpen)
        {
            writer.Write('\n');
            writer.Flush();
            lineOpen = false;
        }
    }

    /// <summary>The line for a state (no carriage return).</summary>
    public static string Format(long bytesRead, long totalBytes, long fixes, TimeSpan elapsed)
    {
        var fraction = totalBytes <= 0 ? 1 : Math.Clamp((double)bytesRead / totalBytes, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
        var rate = fixes / seconds;
        var eta = fraction is > 0 and < 1 ? TimeSpan.FromSeconds(seconds * (1 - fraction) / fraction) : TimeSpan.Zero;
        return string.Create(CultureInfo.InvariantCulture,
            $"simulate [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction * 100,5:0.0}%  {rate,8:0} fixes/s  ETA {(int)eta.TotalMinutes:00}:{eta.Seconds:00}");
    }

    private void Draw(long bytesRead, long fixes, TimeSpan elapsed, bool final)
    {
        writer.Write('\r');
        writer.Write(Format(bytesRead, totalBytes, fixes, elapsed));
        if (final)
        {
            writer.Write('\n');
        }

        lineOpen = !final;
        writer.Flush();
        lastDrawn = elapsed;
        Draws++;
    }
}
