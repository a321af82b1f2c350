namespace GeoFence.Zones.Policy;

/// <summary>A policy document that can't be used; the message names the field (and zone id) and how to fix it.</summary>
public sealed class PolicyFormatException : Exception
{
    /// <summary>Creates an exception for a field.</summary>
    public PolicyFormatException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    /// <summary>Creates an empty exception.</summary>
    public PolicyFormatException()
        : this("policy", "invalid")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PolicyFormatException(string message)
        : this("policy", message)
    {
    }

    /// <summary>Creates an exception wrapping an inner one.</summary>
    public PolicyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "policy";
    }

    /// <summary>JSON path of the offending field, e.g. <c>zones.features[3] (id "z-17").properties.radius_m</c>.</summary>
    public string Field { get; } = "policy";
}
