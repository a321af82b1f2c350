using System.Globalization;
using System.Text;

namespace GeoFence.Device.Demo;

/// <summary>
/// Moves a real NMEA capture along a synthetic path: each output epoch keeps one real epoch's sentence set (cycling through
/// the capture), with the time in RMC/GGA/GLL/GNS/GST/GBS/ZDA, the position in GGA/RMC/GLL/GNS and the motion in RMC/VTG
/// rewritten, and every checksum recomputed. Everything else (GSV, GSA, GST errors, geoid separation, DGPS station…) stays
/// as the receiver sent it, so the side channels of a real receiver are present. Product code for the demo drive
/// (<c>DemoDrive</c>; the file is also linked into a test project without it); the tests drive real captures through zones with it too.
/// </summary>
public static class CaptureRepather
{
    /// <summary>Splits a capture into header lines ('#') and epochs: a new epoch starts when a timed sentence carries a new time.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Epochs) Split(IEnumerable<string> lines)
    {
        var header = new List<string>();
        var epochs = new List<IReadOnlyList<string>>();
        List<string>? current = null;
        string? currentTime = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r', '\n');
            if (line.StartsWith('#'))
            {
                header.Add(line);
                continue;
            }

            if (!line.StartsWith('$') || !HasValidChecksum(line))
            {
                continue;
            }

            var time = TimeField(Fields(line));
            if (current is null || (time is not null && currentTime is not null && time != currentTime))
            {
                current = [];
                epochs.Add(current);
                currentTime = time;
            }

            currentTime ??= time;
            current.Add(line);
        }

        return (header, epochs.Where(e => e.Any(l => Type(l) is "GGA" or "RMC")).ToList());
    }

    /// <summary>The capture re-pathed: header, then one epoch per path point (epochs reused cyclically), CR LF line ends.</summary>
    public static byte[] Repath(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> epochs, IReadOnlyList<PathPoint> path)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(path);
        if (epochs.Count == 0)
        {
            throw new ArgumentException("the capture has no epoch with a GGA or RMC sentence to re-path", nameof(epochs));
        }

        var output = new StringBuilder();
        foreach (var line in header)
        {
            output.Append(line).Append("\r\n");
        }

        for (var i = 0; i < path.Count; i++)
        {
            foreach (var line in epochs[i % epochs.Count])
            {
                output.Append(Rewrite(line, path[i])).Append("\r\n");
            }
        }

        return Encoding.ASCII.GetBytes(output.ToString());
    }

    /// <summary>One sentence moved to a path point, checksum recomputed.</summary>
    public static string Rewrite(string sentence, PathPoint point)
    {
        var f = Fields(sentence);
        var time = point.Time.UtcDateTime;
        switch (Type(sentence))
        {
            case "GGA":
            case "GNS":
                SetTime(f, 1, time);
                SetPosition(f, 2, point);
                break;
            case "RMC":
                SetTime(f, 1, time);
                SetPosition(f, 3, point);
                f[7] = (point.SpeedMps * 3600 / 1852).ToString("0.000", CultureInfo.InvariantCulture);
                f[8] = point.CourseDeg.ToString("0.00", CultureInfo.InvariantCulture);
                f[9] = time.ToString("ddMMyy", CultureInfo.InvariantCulture);
                break;
            case "GLL":
                SetPosition(f, 1, point);
                SetTime(f, 5, time);
                break;
            case "VTG":
                f[1] = point.CourseDeg.ToString("0.00", CultureInfo.InvariantCulture);
                f[5] = (point.SpeedMps * 3600 / 1852).ToString("0.000", CultureInfo.InvariantCulture);
                f[7] = (point.SpeedMps * 3.6).ToString("0.000", CultureInfo.InvariantCulture);
                break;
            case "GST":
            case "GBS":
                SetTime(f, 1, time);
                break;
            case "ZDA":
                SetTime(f, 1, time);
                f[2] = time.ToString("dd", CultureInfo.InvariantCulture);
                f[3] = time.ToString("MM", CultureInfo.InvariantCulture);
                f[4] = time.ToString("yyyy", CultureInfo.InvariantCulture);
                break;
            default:
                break;
        }

        return Frame(string.Join(',', f));
    }

    /// <summary>Sentence type (the three letters after the talker).</summary>
    public static string Type(string sentence) => sentence.Length >= 6 ? sentence[3..6] : string.Empty;

    /// <summary>The fields between '$' and '*'.</summary>
    public static string[] Fields(string sentence)
    {
        var star = sentence.IndexOf('*', StringComparison.Ordinal);
        return sentence[1..(star < 0 ? sentence.Length : star)].Split(',');
    }

    /// <summary>True when the sentence ends in a correct *HH checksum.</summary>
    public static bool HasValidChecksum(string sentence)
    {
        var star = sentence.IndexOf('*', StringComparison.Ordinal);
        return star > 0 && star + 3 == sentence.Length
            && byte.TryParse(sentence.AsSpan(star + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var sum)
            && sum == Checksum(sentence.AsSpan(1, star - 1));
    }

    private static string? TimeField(string[] f) => f[0].Length >= 5 ? f[0][2..] switch
    {
        "GGA" or "RMC" or "GNS" or "GST" or "GBS" or "ZDA" => f.Length > 1 ? f[1] : null,
        "GLL" => f.Length > 5 ? f[5] : null,
        _ => null,
    } : null;

    private static void SetTime(string[] f, int index, DateTime time)
    {
        if (f.Length > index && f[index].Length > 0)
        {
            var decimals = f[index].Contains('.', StringComparison.Ordinal) ? f[index].Length - f[index].IndexOf('.', StringComparison.Ordinal) - 1 : 0;
            f[index] = time.ToString(decimals == 0 ? "HHmmss" : "HHmmss." + new string('f', decimals), CultureInfo.InvariantCulture);
        }
    }

    private static void SetPosition(string[] f, int index, PathPoint point)
    {
        if (f.Length <= index + 3 || f[index].Length == 0)
        {
            return;
        }

        f[index] = Angle(Math.Abs(point.Latitude), 2, Decimals(f[index]));
        f[index + 1] = point.Latitude >= 0 ? "N" : "S";
        f[index + 2] = Angle(Math.Abs(point.Longitude), 3, Decimals(f[index + 2]));
        f[index + 3] = point.Longitude >= 0 ? "E" : "W";
    }

    private static int Decimals(string field)
    {
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 4 : Math.Max(4, field.Length - dot - 1);
    }

    private static string Angle(double degrees, int degreeDigits, int decimals)
    {
        var whole = Math.Floor(degrees);
        var minutes = (degrees - whole) * 60;
        return whole.ToString(new string('0', degreeDigits), CultureInfo.InvariantCulture)
            + minutes.ToString("00." + new string('0', decimals), CultureInfo.InvariantCulture);
    }

    private static string Frame(string body) => $"${body}*{Checksum(body):X2}";

    private static byte Checksum(ReadOnlySpan<char> body)
    {
        byte sum = 0;
        foreach (var c in body)
        {
            sum ^= (byte)c;
        }

        return sum;
    }
}
