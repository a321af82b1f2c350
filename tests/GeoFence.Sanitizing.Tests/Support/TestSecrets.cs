using GeoFence.Sanitizing.Secrets;

namespace GeoFence.Sanitizing.Tests.Support;

/// <summary>Fixed key material for tests (derived like production, from a test device key).</summary>
public sealed class TestSecrets(byte seed = 7) : IUnitSecrets
{
    private readonly HkdfUnitSecrets inner = new(Enumerable.Range(0, 32).Select(i => (byte)(i * 31 + seed)).ToArray());

    public ReadOnlySpan<byte> GridOffsetKey => inner.GridOffsetKey;

    public ReadOnlySpan<byte> AuditKey => inner.AuditKey;
}
