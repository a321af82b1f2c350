namespace GeoFence.Sanitizing.Output;

/// <summary>Formats a time as `yyyy-MM-ddTHH:mm:ss.fffZ` in UTC (milliseconds truncated, as the custom format does) without a string.</summary>
internal static class UtcMillisecondStamp
{
    /// <summary>Bytes of one stamp.</summary>
    public const int Length = 24;

    /// <summary>Writes the stamp of <paramref name="time"/> into the first <see cref="Length"/> bytes of <paramref name="destination"/>.</summary>
    public static void Format(DateTimeOffset time, Span<byte> destination)
    {
        var utc = time.UtcDateTime;
        var stamp = destination[..Length];
        Digits(stamp[..4], utc.Year);
        stamp[4] = (byte)'-';
        Digits(stamp.Slice(5, 2), utc.Month);
        stamp[7] = (byte)'-';
        Digits(stamp.Slice(8, 2), utc.Day);
        stamp[10] = (byte)'T';
        Digits(stamp.Slice(11, 2), utc.Hour);
        stamp[13] = (byte)':';
        Digits(stamp.Slice(14, 2), utc.Minute);
        stamp[16] = (byte)':';
        Digits(stamp.Slice(17, 2), utc.Second);
        stamp[19] = (byte)'.';
        Digits(stamp.Slice(20, 3), utc.Millisecond);
        stamp[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> field, int value)
    {
        for (var i = field.Length - 1; i >= 0; i--)
        {
            field[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
