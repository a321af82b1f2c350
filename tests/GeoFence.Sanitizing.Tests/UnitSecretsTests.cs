using GeoFence.Sanitizing.Secrets;

namespace GeoFence.Sanitizing.Tests;

public sealed class UnitSecretsTests
{
    [Fact]
    public void Keys_are_derived_per_purpose_and_per_device()
    {
        var a = new HkdfUnitSecrets(new byte[32]);
        var b = new HkdfUnitSecrets(Enumerable.Repeat((byte)1, 32).ToArray());
        Assert.Equal(32, a.GridOffsetKey.Length);
        Assert.Equal(32, a.AuditKey.Length);
        Assert.False(a.GridOffsetKey.SequenceEqual(a.AuditKey));
        Assert.False(a.GridOffsetKey.SequenceEqual(b.GridOffsetKey));
        Assert.True(a.AuditKey.SequenceEqual(new HkdfUnitSecrets(new byte[32]).AuditKey));
    }

    [Fact]
    public void A_short_device_key_is_refused() => Assert.Throws<ArgumentException>(() => new HkdfUnitSecrets(new byte[16]));

    [Fact]
    public void The_production_random_source_is_in_range()
    {
        var random = new Guard.CryptoGuardRandom();
        var values = Enumerable.Range(0, 1000).Select(_ => random.NextUnit()).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0, 1 - 1e-17));
        Assert.True(values.Distinct().Count() > 990);
    }
}
