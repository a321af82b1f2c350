using System.Diagnostics.CodeAnalysis;

namespace GeoFence.Device.Status;

/// <summary>
/// A short machine reason such as <c>signature-invalid</c>: lower-case letters and '-' only, at most 48 characters.
/// No digits, so no coordinate, distance or zone number can travel in a status reason.
/// </summary>
public readonly record struct ReasonId
{
    /// <summary>The longest reason accepted.</summary>
    public const int MaximumLength = 48;

    private ReasonId(string value) => Value = value;

    /// <summary>The reason text.</summary>
    public string Value { get; }

    /// <summary>Parses a reason id, throwing on anything but [a-z-]{1,48}.</summary>
    public static ReasonId Parse(string value) =>
        TryParse(value, out var reason) ? reason : throw new ArgumentException("A reason id is [a-z-]{1,48}.", nameof(value));

    /// <summary>Parses a reason id; false on anything but [a-z-]{1,48}.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out ReasonId reason)
    {
        reason = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaximumLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or '-'))
            {
                return false;
            }
        }

        reason = new ReasonId(value);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value ?? string.Empty;
}
