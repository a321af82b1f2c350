namespace GeoFence.Device.Status;

/// <summary>Whether a signed policy is in force.</summary>
public enum PolicyState
{
    /// <summary>No policy has been loaded: fail closed.</summary>
    None,

    /// <summary>A valid, current, signed policy is in force.</summary>
    Loaded,

    /// <summary>The policy was rejected (signature, rollback, parse): fail closed.</summary>
    Invalid,

    /// <summary>The policy's validity ended: fail closed.</summary>
    Expired,
}

/// <summary>Whether the receiver currently delivers a valid fix.</summary>
public enum FixState
{
    /// <summary>No valid fix (or no valid time).</summary>
    NoFix,

    /// <summary>A valid, dated fix.</summary>
    Fix,
}

/// <summary>The class of the latest policy decision, as the LEDs and the status topic show it.</summary>
public enum DecisionClass
{
    /// <summary>No decision yet.</summary>
    None,

    /// <summary>Fixes are forwarded unchanged.</summary>
    Forwarding,

    /// <summary>Fixes are redacted or held back by the trajectory guard.</summary>
    RedactingOrHolding,

    /// <summary>Fixes are blocked (zone, fail-closed input, privacy switch).</summary>
    Blocked,
}

/// <summary>The state of the link to the chosen broker.</summary>
public enum BrokerState
{
    /// <summary>Not connected (yet, or after a drop).</summary>
    Disconnected,

    /// <summary>Connected to a broker the signed policy approves.</summary>
    Connected,

    /// <summary>The configured broker failed the gate (not in the policy, TLS, pin, CIDR).</summary>
    NotApproved,
}

/// <summary>The state of the optional status display (an SSD1306 on I2C), for integrators: a missing display is a warning.</summary>
public enum DisplayState
{
    /// <summary>No display is configured (<c>Gpio:Display:Enabled</c> is false).</summary>
    Off,

    /// <summary>The latest frame reached the panel.</summary>
    Ok,

    /// <summary>A display is configured but has not answered since the agent started (no bus, no ACK, no permission).</summary>
    Missing,

    /// <summary>The display answered earlier but its latest frame failed (I2C errors after start).</summary>
    Failed,
}
