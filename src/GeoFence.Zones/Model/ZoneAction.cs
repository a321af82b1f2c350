namespace GeoFence.Zones.Model;

/// <summary>What a zone asks for when a fix matches it.</summary>
public enum ZoneAction
{
    /// <summary>Licensed work area: raises the default to allow when the fix's error circle lies inside it.</summary>
    Permit = 0,

    /// <summary>Snap fixes matching the zone to a grid of the zone's size.</summary>
    Redact = 1,

    /// <summary>Nothing leaves for fixes matching the zone.</summary>
    Block = 2,
}
