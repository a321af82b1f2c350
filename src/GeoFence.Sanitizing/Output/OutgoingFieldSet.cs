using GeoFence.Sanitizing.Policy;

namespace GeoFence.Sanitizing.Output;

/// <summary>THE allow-list of outgoing fields per level, in one place; the policy can narrow it, never widen it.</summary>
public static class OutgoingFieldSet
{
    private static readonly (OutputFields Flag, string[] Names)[] JsonNameMap =
    [
        (OutputFields.Time, ["time"]),
        (OutputFields.Mode, ["mode"]),
        (OutputFields.Position, ["lat", "lon"]),
        (OutputFields.AltitudeHae, ["altHAE"]),
        (OutputFields.AltitudeMsl, ["altMSL"]),
        (OutputFields.HorizontalError, ["eph"]),
        (OutputFields.Speed, ["speed"]),
        (OutputFields.Course, ["track"]),
    ];

    /// <summary>Fields every record carries: schema version, sequence number, level, datum.</summary>
    public static IReadOnlyList<string> AlwaysPresent { get; } = ["schema", "seq", "level", "datum"];

    /// <summary>The most a precise record may carry.</summary>
    public const OutputFields PreciseCeiling = OutputFields.All;

    /// <summary>The most a redacted record may carry: never speed or course.</summary>
    public const OutputFields RedactedCeiling = OutputFields.Time | OutputFields.Position | OutputFields.AltitudeHae
        | OutputFields.AltitudeMsl | OutputFields.HorizontalError | OutputFields.Mode;

    /// <summary>The most a heartbeat may carry: time only.</summary>
    public const OutputFields HeartbeatCeiling = OutputFields.Time;

    /// <summary>Fields allowed for a level under the given rules.</summary>
    public static OutputFields Permitted(OutputLevel level, OutputRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return level switch
        {
            OutputLevel.Precise => rules.AllowFields & PreciseCeiling,
            OutputLevel.Redacted => rules.RedactFields & RedactedCeiling & (rules.RedactAltitudeStepMetres is null
                ? ~(OutputFields.AltitudeHae | OutputFields.AltitudeMsl) : OutputFields.All),
            OutputLevel.Heartbeat => rules.AllowFields & HeartbeatCeiling,
            _ => OutputFields.None,
        };
    }

    /// <summary>The JSON member names an optional field set produces, in output order.</summary>
    public static IReadOnlyList<string> JsonNames(OutputFields fields)
    {
        var names = new List<string>(AlwaysPresent);
        foreach (var (flag, jsonNames) in JsonNameMap)
        {
            if ((fields & flag) != 0)
            {
                names.AddRange(jsonNames);
            }
        }

        return names;
    }

    /// <summary>Every JSON member name any outgoing record can have.</summary>
    public static IReadOnlyList<string> AllJsonNames { get; } = JsonNames(OutputFields.All);
}
