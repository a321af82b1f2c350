namespace GeoFence.Device.Report;

/// <summary>The page's inline CSS (no fonts, images or other resources are loaded).</summary>
internal static class ReportStyle
{
    /// <summary>Fill of an allowed (precise) point.</summary>
    public const string AllowedColour = "#1a9641";

    /// <summary>Fill of a redacted point.</summary>
    public const string RedactedColour = "#fdae61";

    /// <summary>The style sheet.</summary>
    public const string Css = $$"""
        body { font-family: sans-serif; margin: 16px; color: #222; background: #fff; }
        h1 { font-size: 20px; margin: 0 0 6px 0; }
        p.note { font-size: 13px; margin: 0 0 10px 0; max-width: 1000px; }
        svg.map { border: 1px solid #bbb; background: #f7f7f2; display: block; }
        .pt.allowed, .swatch.allowed { fill: {{AllowedColour}}; }
        .pt.redacted, .swatch.redacted { fill: {{RedactedColour}}; stroke: #8c510a; stroke-width: 1; }
        polyline.run, .swatch.run { fill: none; stroke: #555; stroke-width: 1.5; stroke-opacity: 0.7; }
        .zone .shape { fill-opacity: 0.15; stroke-width: 1.5; fill-rule: evenodd; }
        .zone .grown { fill: none; stroke-width: 1; stroke-dasharray: 6 4; }
        .zone.block .shape { fill: #d7191c; stroke: #d7191c; }
        .zone.block .grown { stroke: #d7191c; }
        .zone.redact .shape { fill: #7b3294; stroke: #7b3294; }
        .zone.redact .grown { stroke: #7b3294; }
        .zone.permit .shape { fill: #2c7bb6; stroke: #2c7bb6; }
        .zone.permit .grown { stroke: #2c7bb6; }
        .zone text { font-size: 12px; fill: #333; text-anchor: middle; }
        .scale rect { fill: #222; }
        .scale text, .north text { font-size: 12px; fill: #222; }
        .empty { font-size: 16px; fill: #555; text-anchor: middle; }
        ul.legend { list-style: none; padding: 0; margin: 8px 0; font-size: 13px; }
        ul.legend li { margin: 2px 0; }
        ul.legend svg { vertical-align: middle; margin-right: 6px; }
        table.counts { border-collapse: collapse; margin: 8px 16px 8px 0; font-size: 13px; display: inline-table; vertical-align: top; }
        table.counts caption { text-align: left; font-weight: bold; padding-bottom: 2px; }
        table.counts th, table.counts td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
        table.counts td { text-align: right; font-variant-numeric: tabular-nums; }
        """;
}
