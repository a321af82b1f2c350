using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GeoFence.Device.IntegrationTests.Pipeline;

namespace GeoFence.Device.IntegrationTests.Reliability;

/// <summary>A circle nobody may learn a position inside: zone radius + buffer (+ approach distance for a block zone).</summary>
public sealed record ForbiddenArea(string ZoneId, double Latitude, double Longitude, double RadiusMetres, bool Redact = false, double RedactGridMetres = 0);

/// <summary>One thing the audit found: which channel, which rule, and a short excerpt (never printed for coordinates).</summary>
public sealed record LeakFinding(string Channel, string Rule, string Excerpt);

/// <summary>
/// Scans bytes (as Latin-1 text, so binary files are scanned too) for positions inside forbidden areas (decimal degrees
/// with ≥ 3 decimals paired with a neighbouring number in either order; NMEA ddmm.mmmm,N,dddmm.mmmm,E), zone ids and
/// names, raw NMEA sentences and side-channel field names.
/// </summary>
public sealed partial class LeakScanner(IReadOnlyList<ForbiddenArea> areas, IReadOnlyList<string> zoneNames)
{
    /// <summary>JSON keys / key=value names that would carry a receiver side channel.</summary>
    public static readonly string[] SideChannelNames =
    [
        "az", "azimuth", "el", "elevation", "ss", "snr", "cno", "cn0", "prn", "svid", "gnssid", "satellites", "sats", "nsat", "usat",
        "numsv", "svs", "hdop", "vdop", "pdop", "gdop", "tdop", "xdop", "ydop", "geoidsep", "geoid", "sep", "undulation",
        "magvar", "magvariation", "station", "dgpssta", "dgpsage", "quality", "fixquality", "gpsqual",
    ];

    /// <summary>
    /// What a channel may hold by design: zone ids (the audit log records them), zone outlines and names (report.html
    /// made with --show-zones and the signing key, which titles each outline "id: name").
    /// </summary>
    public sealed record Rules(bool ZoneIdsAllowed = false, bool CoordinatesChecked = true, bool ZoneNamesAllowed = false);

    /// <summary>All findings in <paramref name="content"/> of channel <paramref name="channel"/>.</summary>
    public IReadOnlyList<LeakFinding> Scan(string channel, byte[] content, Rules? rules = null)
    {
        rules ??= new Rules();
        var text = Encoding.Latin1.GetString(content);
        var findings = new List<LeakFinding>();
        if (rules.CoordinatesChecked)
        {
            findings.AddRange(Coordinates(channel, text));
        }

        foreach (var name in zoneNames.Where(n => !rules.ZoneNamesAllowed && text.Contains(n, StringComparison.OrdinalIgnoreCase)))
        {
            findings.Add(new LeakFinding(channel, "zone-name", name));
        }

        if (!rules.ZoneIdsAllowed)
        {
            foreach (var area in areas.Where(a => text.Contains(a.ZoneId, StringComparison.OrdinalIgnoreCase)))
            {
                findings.Add(new LeakFinding(channel, "zone-id", area.ZoneId));
            }
        }

        foreach (Match raw in RawSentence().Matches(text))
        {
            findings.Add(new LeakFinding(channel, "raw-sentence", raw.Value));
        }

        foreach (Match key in NamedField().Matches(text))
        {
            if (SideChannelNames.Contains(key.Groups["name"].Value.ToLowerInvariant()))
            {
                findings.Add(new LeakFinding(channel, "side-channel", key.Value));
            }
        }

        return findings;
    }

    private IEnumerable<LeakFinding> Coordinates(string channel, string text)
    {
        var numbers = DecimalNumber().Matches(text).Select(m => (m.Index, Value: double.Parse(m.Value, CultureInfo.InvariantCulture), m.Value)).ToList();
        var points = new List<(double Lat, double Lon, string Excerpt)>();
        for (var i = 0; i < numbers.Count; i++)
        {
            for (var j = i + 1; j < Math.Min(numbers.Count, i + 4) && numbers[j].Index - numbers[i].Index < 200; j++)
            {
                points.Add((numbers[i].Value, numbers[j].Value, numbers[i].Value + "," + numbers[j].Value));
                points.Add((numbers[j].Value, numbers[i].Value, numbers[j].Value + "," + numbers[i].Value));
            }
        }

        foreach (Match m in NmeaPosition().Matches(text))
        {
            var lat = Ddmm(m.Groups["lat"].Value, 2) * (m.Groups["ns"].Value == "S" ? -1 : 1);
            var lon = Ddmm(m.Groups["lon"].Value, 3) * (m.Groups["ew"].Value == "W" ? -1 : 1);
            points.Add((lat, lon, "nmea " + m.Value));
        }

        var findings = new List<LeakFinding>();
        foreach (var area in areas)
        {
            var inside = points.Where(p => Math.Abs(p.Lat) <= 90 && Math.Abs(p.Lon) <= 180
                && Earth.DistanceMetres(area.Latitude, area.Longitude, p.Lat, p.Lon) <= area.RadiusMetres).ToList();
            if (!area.Redact)
            {
                findings.AddRange(inside.Select(p => new LeakFinding(channel, "forbidden-coordinate", area.ZoneId)));
                continue;
            }

            // A redact zone may show its grid cells (one answer per cell), never a track: more distinct positions than
            // cells the zone can touch means precise positions left.
            var cells = Math.Pow(Math.Ceiling(2 * area.RadiusMetres / area.RedactGridMetres) + 1, 2);
            var distinct = inside.Select(p => (Math.Round(p.Lat, 6), Math.Round(p.Lon, 6))).Distinct().Count();
            if (distinct > cells)
            {
                findings.Add(new LeakFinding(channel, "precise-in-redact-zone", $"{area.ZoneId}: {distinct} distinct positions > {cells} cells"));
            }
        }

        return findings;
    }

    private static double Ddmm(string field, int degreeDigits) =>
        double.Parse(field[..degreeDigits], CultureInfo.InvariantCulture) + (double.Parse(field[degreeDigits..], CultureInfo.InvariantCulture) / 60);

    [GeneratedRegex(@"(?<![\d.])-?\d{1,3}\.\d{3,}")]
    private static partial Regex DecimalNumber();

    [GeneratedRegex(@"(?<lat>\d{4}\.\d+),(?<ns>[NS]),(?<lon>\d{5}\.\d+),(?<ew>[EW])")]
    private static partial Regex NmeaPosition();

    [GeneratedRegex(@"\$[GPB][A-Z]{3,6}[,*]")]
    private static partial Regex RawSentence();

    [GeneratedRegex(@"(?:^|[""'\s{,;])(?<name>[A-Za-z0-9_]{2,16})[""']?\s*[:=]", RegexOptions.Multiline)]
    private static partial Regex NamedField();
}
