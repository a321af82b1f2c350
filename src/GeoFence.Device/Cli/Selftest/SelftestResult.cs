namespace GeoFence.Device.Cli.Selftest;

/// <summary>How a self-test check ended.</summary>
internal enum SelftestOutcome
{
    Pass,
    Warn,
    Fail,
}

/// <summary>One self-test line: outcome, what was checked, what was found (and how to fix it).</summary>
internal sealed record SelftestResult(SelftestOutcome Outcome, string Check, string Detail)
{
    public override string ToString() => $"{Outcome.ToString().ToUpperInvariant(),-4}  {Check,-10} {Detail}";
}
