namespace GeoFence.Device.Report;

/// <summary>First pass over forwarded.jsonl: counts per kind, the bounding box, the usual record interval and the datum.</summary>
internal sealed class TrackScan
{
    /// <summary>Records with a precise position.</summary>
    public long Allowed { get; private set; }

    /// <summary>Records with a redacted position.</summary>
    public long Redacted { get; private set; }

    /// <summary>Records without a position.</summary>
    public long NoPosition { get; private set; }

    /// <summary>Records with a position.</summary>
    public long Positioned => Allowed + Redacted;

    /// <summary>Southern edge of the published positions (degrees).</summary>
    public double MinLatitude { get; private set; } = double.MaxValue;

    /// <summary>Northern edge (degrees).</summary>
    public double MaxLatitude { get; private set; } = double.MinValue;

    /// <summary>Western edge (degrees).</summary>
    public double MinLongitude { get; private set; } = double.MaxValue;

    /// <summary>Eastern edge (degrees).</summary>
    public double MaxLongitude { get; private set; } = double.MinValue;

    /// <summary>Shortest positive time step between consecutive records, or null when there is none.</summary>
    public TimeSpan? ShortestInterval { get; private set; }

    /// <summary>The datum of the records (the last seen; one policy writes one datum).</summary>
    public string Datum { get; private set; } = "WGS84";

    /// <summary>Scans a forwarded.jsonl file.</summary>
    public static TrackScan Read(string path)
    {
        var scan = new TrackScan();
        DateTimeOffset? previous = null;
        foreach (var point in ForwardedRecords.Read(path))
        {
            scan.Add(point, previous);
            previous = point.Time;
        }

        return scan;
    }

    private void Add(in ForwardedPoint point, DateTimeOffset? previousTime)
    {
        Datum = point.Datum;
        if (point.Time is { } time && previousTime is { } before && time > before)
        {
            var step = time - before;
            ShortestInterval = ShortestInterval is { } shortest && shortest <= step ? shortest : step;
        }

        switch (point.Kind)
        {
            case PointKind.Allowed:
                Allowed++;
                break;
            case PointKind.Redacted:
                Redacted++;
                break;
            default:
                NoPosition++;
                return;
        }

        MinLatitude = Math.Min(MinLatitude, point.Latitude);
        MaxLatitude = Math.Max(MaxLatitude, point.Latitude);
        MinLongitude = Math.Min(MinLongitude, point.Longitude);
        MaxLongitude = Math.Max(MaxLongitude, point.Longitude);
    }
}
