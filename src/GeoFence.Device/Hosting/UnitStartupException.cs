namespace GeoFence.Device.Hosting;

/// <summary>The unit cannot start: what is wrong, where (a key or a path), and how to fix it.</summary>
public sealed class UnitStartupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnitStartupException(string what, string where, string fix)
        : base($"{what} ({where}): {fix}")
    {
        What = what;
        Where = where;
        Fix = fix;
    }

    /// <summary>Creates an empty exception (serialisation pattern).</summary>
    public UnitStartupException()
        : this("the unit cannot start", "configuration", "see the log")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public UnitStartupException(string message)
        : this(message, "configuration", "see the log")
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    public UnitStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
        What = message;
        Where = "configuration";
        Fix = "see the log";
    }

    /// <summary>What is wrong.</summary>
    public string What { get; } = string.Empty;

    /// <summary>The configuration key or path concerned.</summary>
    public string Where { get; } = string.Empty;

    /// <summary>How to fix it.</summary>
    public string Fix { get; } = string.Empty;
}
