using GeoFence.Zones.Index;
using GeoFence.Zones.Model;

namespace GeoFence.Zones.Decisions;

/// <summary>An immutable policy ready for decisions: the signed document plus its spatial index.</summary>
public sealed class CompiledPolicy
{
    private readonly ZoneIndex _index;

    private CompiledPolicy(PolicyDocument document, ZoneIndex index, string signerKeyId)
    {
        Document = document;
        _index = index;
        SignerKeyId = signerKeyId;
    }

    /// <summary>The signed policy document.</summary>
    public PolicyDocument Document { get; }

    /// <summary>Key id of the trusted key whose signature was verified (empty for unsigned test policies).</summary>
    public string SignerKeyId { get; }

    /// <summary>Approved brokers (the only source of broker approval).</summary>
    public IReadOnlyList<BrokerApproval> Brokers => Document.Brokers;

    /// <summary>Bytes held by the index and compiled zones (geometry of the parsed document not included).</summary>
    public long IndexMemoryBytes => _index.MemoryBytes + _index.Zones.Sum(z => z.MemoryBytes);

    /// <summary>Compiles a parsed document. Throws <see cref="Policy.PolicyFormatException"/> for zones that can't be indexed.</summary>
    public static CompiledPolicy Compile(PolicyDocument document, string signerKeyId = "")
    {
        ArgumentNullException.ThrowIfNull(document);
        var zones = new CompiledZone[document.Zones.Count];
        for (var i = 0; i < zones.Length; i++)
        {
            zones[i] = ZoneCompiler.Compile(document.Zones[i], document.ErrorModel.MaximumRadiusMetres);
        }

        return new CompiledPolicy(document, new ZoneIndex(zones), signerKeyId);
    }

    /// <summary>
    /// Decides one fix. Most restrictive wins (block &gt; redact &gt; permit &gt; default). The segment from a usable
    /// previous fix is tested against block and redact zones too.
    /// </summary>
    public Decision Decide(in PositionSample current, in PositionSample? previous)
    {
        var version = Document.Version;
        if (!current.IsUsable)
        {
            return Decision.Blocked(DecisionReasons.NoValidFix, version);
        }

        if (!Document.IsValidAt(current.Time))
        {
            return Decision.Blocked(DecisionReasons.PolicyNotValidAtTime, version);
        }

        var model = Document.ErrorModel;
        if (model.RadiusFor(current.HorizontalAccuracy1Sigma, current.Hdop) is not { } radius)
        {
            return Decision.Blocked(DecisionReasons.UnknownAccuracy, version);
        }

        if (radius > model.MaximumRadiusMetres)
        {
            return Decision.Blocked(DecisionReasons.AccuracyTooPoor, version);
        }

        var matches = new MatchCollector(current.Time, current.Latitude, current.Longitude, radius);
        _index.VisitPoint(current.Latitude, current.Longitude, ref matches);
        if (previous is { IsUsable: true } p && p.Time <= current.Time && !matches.Blocks
            && model.RadiusFor(p.HorizontalAccuracy1Sigma, p.Hdop) is { } previousRadius)
        {
            var segmentRadius = Math.Min(Math.Max(radius, previousRadius), model.MaximumRadiusMetres);
            var segment = new MatchCollector(current.Time, current.Latitude, current.Longitude, p.Latitude, p.Longitude, segmentRadius, matches);
            _index.VisitBox(Math.Min(p.Latitude, current.Latitude), Math.Min(p.Longitude, current.Longitude),
                Math.Max(p.Latitude, current.Latitude), Math.Max(p.Longitude, current.Longitude), ref segment);
            matches = segment;
        }

        var segmentReason = matches.SegmentOnly ? DecisionReasons.SegmentCrossing : DecisionReasons.None;
        if (matches.Blocks)
        {
            return new Decision(DecisionAction.Block, 0, DecisionReasons.BlockZone | segmentReason, matches.ZoneIds, version);
        }

        if (matches.Redacts)
        {
            var grid = Math.Max(matches.RedactGridMetres, Document.Output.MaximumPrecisionMetres);
            return new Decision(DecisionAction.Redact, grid, DecisionReasons.RedactZone | segmentReason, matches.ZoneIds, version);
        }

        if (matches.Permits)
        {
            return new Decision(DecisionAction.Allow, 0, DecisionReasons.PermitZone, matches.ZoneIds, version);
        }

        return Document.Default.Kind switch
        {
            DefaultActionKind.Allow => new Decision(DecisionAction.Allow, 0, DecisionReasons.DefaultAction, [], version),
            DefaultActionKind.Redact => new Decision(DecisionAction.Redact,
                Math.Max(Document.Default.RedactGridMetres, Document.Output.MaximumPrecisionMetres), DecisionReasons.DefaultAction, [], version),
            _ => new Decision(DecisionAction.Block, 0, DecisionReasons.DefaultAction, [], version),
        };
    }
}
