using System.Globalization;
using System.Text;

namespace GeoFence.Device.Report;

/// <summary>
/// Second pass over forwarded.jsonl: the track as SVG. Consecutive published positions are joined by a polyline; the
/// line breaks where records are missing (a time step longer than <see cref="GapThreshold"/>, a record without time or
/// position), so suppressed or no-fix stretches show as gaps. Each drawn record is one
/// <c>&lt;circle class="pt allowed|redacted"&gt;</c>. Above <see cref="MaxDrawnPoints"/> every k-th record is drawn.
/// </summary>
internal sealed class TrackLayer
{
    /// <summary>Most points drawn (bounded page size); above it every k-th record is drawn and the page says so.</summary>
    public const int MaxDrawnPoints = 20_000;

    private readonly StringBuilder lines = new();
    private readonly StringBuilder points = new();
    private readonly List<(double X, double Y)> run = [];

    private TrackLayer(TimeSpan gapThreshold, int stride)
    {
        GapThreshold = gapThreshold;
        Stride = stride;
    }

    /// <summary>A time step above this between consecutive records breaks the line.</summary>
    public TimeSpan GapThreshold { get; }

    /// <summary>1 = every record drawn; k = every k-th positioned record drawn.</summary>
    public int Stride { get; }

    /// <summary>Line breaks drawn (places where the published track has a gap).</summary>
    public int Gaps { get; private set; }

    /// <summary>Allowed points drawn.</summary>
    public long AllowedDrawn { get; private set; }

    /// <summary>Redacted points drawn.</summary>
    public long RedactedDrawn { get; private set; }

    /// <summary>The gap threshold for a track: 3 × its shortest record interval, at least 2 s.</summary>
    public static TimeSpan GapThresholdFor(TrackScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var threshold = (scan.ShortestInterval ?? TimeSpan.Zero) * 3;
        return threshold < TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : threshold;
    }

    /// <summary>Reads the file again and draws it with the projection.</summary>
    public static TrackLayer Draw(string forwardedPath, TrackScan scan, MapProjection projection)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var stride = (int)Math.Max(1, (scan.Positioned + MaxDrawnPoints - 1) / MaxDrawnPoints);
        var layer = new TrackLayer(GapThresholdFor(scan), stride);
        ForwardedPoint? previous = null;
        long index = 0;
        (double X, double Y)? pendingLast = null;
        foreach (var point in ForwardedRecords.Read(forwardedPath))
        {
            if (layer.BreaksAfter(previous, point))
            {
                layer.EndRun(pendingLast);
                pendingLast = null;
            }

            previous = point;
            if (!point.HasPosition)
            {
                continue;
            }

            var pixel = projection.ToPixels(point.Latitude, point.Longitude);
            if (index++ % stride == 0 || layer.run.Count == 0)
            {
                layer.run.Add(pixel);
                pendingLast = null;
                if ((index - 1) % stride == 0)
                {
                    layer.AddPoint(point.Kind, pixel);
                }
            }
            else
            {
                pendingLast = pixel;
            }
        }

        layer.EndRun(pendingLast);
        return layer;
    }

    /// <summary>Writes the polylines, then the points (points on top).</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("<g class=\"track\">\n");
        writer.Write(lines);
        writer.Write(points);
        writer.Write("</g>\n");
    }

    private bool BreaksAfter(ForwardedPoint? previous, in ForwardedPoint current)
    {
        if (previous is not { } before)
        {
            return false;
        }

        var gap = !before.HasPosition || !current.HasPosition
            || before.Time is not { } t0 || current.Time is not { } t1 || t1 - t0 > GapThreshold || t1 < t0;
        if (gap && run.Count > 0)
        {
            Gaps++;
        }

        return gap;
    }

    private void AddPoint(PointKind kind, (double X, double Y) pixel)
    {
        var (name, radius) = kind == PointKind.Allowed ? ("allowed", "2.5") : ("redacted", "4");
        if (kind == PointKind.Allowed)
        {
            AllowedDrawn++;
        }
        else
        {
            RedactedDrawn++;
        }

        points.Append(CultureInfo.InvariantCulture, $"<circle class=\"pt {name}\" cx=\"{pixel.X:0.0}\" cy=\"{pixel.Y:0.0}\" r=\"{radius}\"/>\n");
    }

    private void EndRun((double X, double Y)? last)
    {
        if (last is { } end)
        {
            run.Add(end);
        }

        if (run.Count > 1)
        {
            lines.Append("<polyline class=\"run\" points=\"");
            foreach (var (x, y) in run)
            {
                lines.Append(CultureInfo.InvariantCulture, $"{x:0.0},{y:0.0} ");
            }

            lines.Length--;
            lines.Append("\"/>\n");
        }

        run.Clear();
    }
}
