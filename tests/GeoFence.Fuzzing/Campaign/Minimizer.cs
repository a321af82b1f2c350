using GeoFence.Fuzzing.Targets;

namespace GeoFence.Fuzzing.Campaign;

/// <summary>Shrinks a finding's input by deleting runs of bytes (halving run length) while the same signature reproduces.</summary>
public static class Minimizer
{
    /// <summary>The smallest input found within <paramref name="maxRuns"/> target runs that still gives the finding's signature.</summary>
    public static Finding Minimize(IFuzzTarget target, Finding finding, int maxRuns = 20_000)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(finding);
        var best = finding;
        var runs = 0;
        for (var run = Math.Max(1, best.Input.Length / 2); run >= 1 && runs < maxRuns; run /= 2)
        {
            var shrunk = true;
            while (shrunk && runs < maxRuns)
            {
                shrunk = false;
                for (var at = 0; at + run <= best.Input.Length && runs < maxRuns; at += run)
                {
                    var candidate = new byte[best.Input.Length - run];
                    best.Input.AsSpan(0, at).CopyTo(candidate);
                    best.Input.AsSpan(at + run).CopyTo(candidate.AsSpan(at));
                    runs++;
                    if (target.Run(candidate, finding.Variant) is { } again && again.Signature == finding.Signature)
                    {
                        best = again;
                        shrunk = true;
                        at -= run;
                    }
                }
            }
        }

        return best;
    }
}
