namespace GeoFence.Gnss.Nmea;

/// <summary>NMEA sentence types this library decodes (order matches the Accepted* counters).</summary>
internal enum NmeaSentenceType
{
    /// <summary>Fix data.</summary>
    Gga,

    /// <summary>Recommended minimum data.</summary>
    Rmc,

    /// <summary>Geographic position.</summary>
    Gll,

    /// <summary>GNSS fix data (multi-constellation).</summary>
    Gns,

    /// <summary>DOP and active satellites.</summary>
    Gsa,

    /// <summary>Satellites in view.</summary>
    Gsv,

    /// <summary>Pseudorange error statistics.</summary>
    Gst,

    /// <summary>Course and speed over ground.</summary>
    Vtg,

    /// <summary>Time and date.</summary>
    Zda,
}
