namespace GeoFence.Gnss.Nmea;

/// <summary>Comma-separated fields of a sentence body; field 0 is the address.</summary>
internal readonly ref struct NmeaFields
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly ReadOnlySpan<int> _starts;

    /// <summary>Splits <paramref name="body"/> (between lead character and '*') using <paramref name="starts"/> as scratch.</summary>
    public NmeaFields(ReadOnlySpan<byte> body, Span<int> starts)
    {
        _body = body;
        var count = 0;
        var position = 0;
        starts[count++] = 0;
        while (true)
        {
            var comma = body[position..].IndexOf((byte)',');
            if (comma < 0)
            {
                break;
            }

            position += comma + 1;
            starts[count++] = position;
        }

        starts[count] = body.Length + 1;
        _starts = starts[..(count + 1)];
        Count = count;
    }

    /// <summary>Number of fields, address included.</summary>
    public int Count { get; }

    /// <summary>Field <paramref name="index"/>, empty when absent.</summary>
    public ReadOnlySpan<byte> this[int index] =>
        index < Count ? _body[_starts[index]..(_starts[index + 1] - 1)] : default;
}
