using System.Globalization;

namespace GeoFence.Fuzzing;

/// <summary><c>--name value</c> pairs of the command line.</summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Parses pairs; throws <see cref="ArgumentException"/> on a dangling or unnamed value.</summary>
    public Arguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            _values[args[i][2..]] = args[i + 1];
        }
    }

    /// <summary>True when the option was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The option's text, or the fallback.</summary>
    public string Get(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    /// <summary>The option as an int.</summary>
    public int Count(string name, int fallback) => Has(name) ? int.Parse(_values[name], CultureInfo.InvariantCulture) : fallback;

    /// <summary>The option as a long.</summary>
    public long Amount(string name, long fallback) => Has(name) ? long.Parse(_values[name], CultureInfo.InvariantCulture) : fallback;

    /// <summary>The option as a double.</summary>
    public double Measure(string name, double fallback) => Has(name) ? double.Parse(_values[name], CultureInfo.InvariantCulture) : fallback;
}
