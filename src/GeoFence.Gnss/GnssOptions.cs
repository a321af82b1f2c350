using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace GeoFence.Gnss;

/// <summary>Limits and policies of a <see cref="GnssDecoder"/>.</summary>
public sealed class GnssOptions
{
    /// <summary>Build date of this assembly (UTC day), the default <see cref="MinimumPlausibleDate"/>.</summary>
    public static DateTimeOffset BuildDate { get; } = ReadBuildDate();

    /// <summary>Longest accepted NMEA sentence in characters, from the lead character to the checksum, without CR/LF.</summary>
    public int MaxSentenceLength { get; init; } = 120;

    /// <summary>Longest accepted binary frame (UBX, RTCM3) in bytes, header and checksum included.</summary>
    public int MaxFrameLength { get; init; } = 9216;

    /// <summary>Earliest date a receiver may report; older dates are century/GPS-week-rollover corrected or refused.</summary>
    public DateTimeOffset MinimumPlausibleDate { get; init; } = BuildDate;

    /// <summary>A pending epoch is closed by <see cref="GnssDecoder.Poll"/> after this many observed epoch intervals.</summary>
    public double EpochTimeoutFactor { get; init; } = 1.5;

    /// <summary>Epoch interval assumed until one has been observed from receiver time stamps.</summary>
    public TimeSpan DefaultEpochInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Ticks per second of the arrival timestamps (use <c>TimeProvider.TimestampFrequency</c>).</summary>
    public long TimestampFrequency { get; init; } = Stopwatch.Frequency;

    /// <summary>When true, every NMEA sentence that passes the lexer and checksum is passed to <see cref="IGnssSink.OnSentence"/>.</summary>
    public bool EchoSentences { get; init; }

    internal void Validate()
    {
        if (MaxSentenceLength is < 16 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSentenceLength), MaxSentenceLength, "must be 16..4096");
        }

        if (MaxFrameLength is < 64 or > 1 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrameLength), MaxFrameLength, "must be 64..1048576");
        }

        if (!(EpochTimeoutFactor >= 1.0) || double.IsInfinity(EpochTimeoutFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(EpochTimeoutFactor), EpochTimeoutFactor, "must be >= 1");
        }

        if (TimestampFrequency <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TimestampFrequency), TimestampFrequency, "must be > 0");
        }

        if (DefaultEpochInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultEpochInterval), DefaultEpochInterval, "must be > 0");
        }
    }

    private static DateTimeOffset ReadBuildDate()
    {
        foreach (var attribute in typeof(GnssOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            if (attribute.Key == "BuildDate"
                && DateTimeOffset.TryParseExact(attribute.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var date))
            {
                return date;
            }
        }

        return new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
    }
}
