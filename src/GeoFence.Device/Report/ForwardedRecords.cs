namespace GeoFence.Device.Report;

/// <summary>Streams forwarded.jsonl as <see cref="ForwardedPoint"/>s (one line at a time: bounded memory for any length).</summary>
internal static class ForwardedRecords
{
    /// <summary>The records of the file, in order; a bad line throws <see cref="FormatException"/> naming its line number.</summary>
    public static IEnumerable<ForwardedPoint> Read(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            ForwardedPoint point;
            try
            {
                point = ForwardedPoint.Parse(line);
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{path}:{number}: {ex.Message}", ex);
            }

            yield return point;
        }
    }
}
