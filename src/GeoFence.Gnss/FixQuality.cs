namespace GeoFence.Gnss;

/// <summary>Kind of solution, as the GGA quality indicator (0..8).</summary>
public enum FixQuality
{
    /// <summary>No solution.</summary>
    None = 0,

    /// <summary>Autonomous GNSS solution.</summary>
    Gnss = 1,

    /// <summary>Differential (DGNSS/SBAS) solution.</summary>
    Dgnss = 2,

    /// <summary>PPS / precise (P-code) solution.</summary>
    Pps = 3,

    /// <summary>RTK with fixed integer ambiguities.</summary>
    RtkFixed = 4,

    /// <summary>RTK with float ambiguities.</summary>
    RtkFloat = 5,

    /// <summary>Dead reckoning (estimated).</summary>
    DeadReckoning = 6,

    /// <summary>Position entered manually.</summary>
    Manual = 7,

    /// <summary>Simulator output.</summary>
    Simulated = 8,
}
