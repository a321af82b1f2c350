using System.Text;

namespace GeoFence.Gnss;

/// <summary>Point-in-time copy of <see cref="GnssCounters"/>.</summary>
public sealed class GnssCountersSnapshot
{
    private readonly long[] _values;

    internal GnssCountersSnapshot(long[] values) => _values = values;

    /// <summary>Value of one counter in this snapshot.</summary>
    public long this[GnssCounter counter] => _values[(int)counter];

    /// <summary>All counters by name, in declaration order.</summary>
    public IReadOnlyDictionary<string, long> ToDictionary()
    {
        var result = new Dictionary<string, long>(_values.Length, StringComparer.Ordinal);
        foreach (var counter in Enum.GetValues<GnssCounter>())
        {
            result[counter.ToString()] = _values[(int)counter];
        }

        return result;
    }

    /// <summary>Multi-line "name: value" summary of the non-zero counters.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var counter in Enum.GetValues<GnssCounter>())
        {
            var value = _values[(int)counter];
            if (value != 0)
            {
                text.Append(counter.ToString()).Append(": ").Append(value).Append('\n');
            }
        }

        return text.ToString();
    }
}
