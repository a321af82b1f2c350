namespace GeoFence.Gnss;

/// <summary>Placeholder until the lexer lands.</summary>
public static class Placeholder
{
    /// <summary>Returns one.</summary>
    public static int One() => 1;
}
