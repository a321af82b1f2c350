using GeoFence.Fuzzing.Campaign;
using GeoFence.Zones.Decisions;
using GeoFence.Zones.Policy;

namespace GeoFence.Fuzzing.Targets;

/// <summary>
/// Unsigned policy document bytes → <see cref="PolicyParser.Parse(ReadOnlySpan{byte})"/> → <see cref="CompiledPolicy.Compile"/>
/// → a few decisions (points and a segment near the seed zones, the poles and the antimeridian). The only allowed
/// failure is <see cref="PolicyFormatException"/>.
/// </summary>
public sealed class PolicyDocumentTarget : IFuzzTarget
{
    private static readonly DateTimeOffset When = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly PositionSample[] Probes =
    [
        new(When, 20.25, 10.5, 2, null, true),
        new(When, 20.3, 10.3, null, 1.2, true),
        new(When, 24.02, 14.1, 5, null, true),
        new(When, 89.9999, 0, 3, null, true),
        new(When, 0, 179.99999, 3, null, true),
        new(When, 0, -180, 3, null, true),
        new(When, -90, 0, 3, null, true),
    ];

    /// <inheritdoc />
    public string Name => "policy";

    /// <inheritdoc />
    public Finding? Run(byte[] input, int variant) => Run(input);

    /// <inheritdoc />
    public Finding? Run(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            var policy = CompiledPolicy.Compile(PolicyParser.Parse(input));
            PositionSample? previous = null;
            foreach (var probe in Probes)
            {
                _ = policy.Decide(probe, previous);
                previous = probe;
            }

            return null;
        }
        catch (PolicyFormatException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return Finding.FromException(Name, ex, input);
        }
    }
}
