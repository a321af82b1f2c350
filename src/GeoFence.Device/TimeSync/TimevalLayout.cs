namespace GeoFence.Device.TimeSync;

/// <summary>The size of <c>struct timeval</c> in the chronyd we talk to, which fixes the sample's layout.</summary>
public enum TimevalLayout
{
    /// <summary>Pick from this process: 64-bit processes use <see cref="Time64"/>, 32-bit ones <see cref="Time32"/>.</summary>
    Auto = 0,

    /// <summary>32-bit time_t and suseconds_t (armhf Pi OS up to bookworm): a 32-byte sample.</summary>
    Time32 = 32,

    /// <summary>64-bit time_t and suseconds_t (arm64, x64, 64-bit-time armhf): a 40-byte sample.</summary>
    Time64 = 64,
}
