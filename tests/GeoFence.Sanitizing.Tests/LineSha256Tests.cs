using System.Security.Cryptography;
using System.Text;
using GeoFence.Sanitizing.Audit;

namespace GeoFence.Sanitizing.Tests;

public sealed class LineSha256Tests
{
    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA256-2.pdf") and the FIPS 180-2 one-million-'a' vector
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Standard_vectors(string message, string expected)
    {
        Assert.Equal(expected, Hex(Encoding.ASCII.GetBytes(message)));
    }

    [Fact]
    public void One_million_a()
    {
        var message = new byte[1_000_000];
        message.AsSpan().Fill((byte)'a');
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hex(message));
    }

    [Fact]
    public void Equals_the_platform_hash_at_every_length_around_the_block_and_padding_edges()
    {
        var random = new Random(180_4);
        var buffer = new byte[4 * 64 + 1];
        random.NextBytes(buffer);
        for (var length = 0; length <= buffer.Length; length++)
        {
            var message = buffer.AsSpan(0, length);
            Assert.True(SHA256.HashData(message).AsSpan().SequenceEqual(Digest(message)), $"length {length}");
        }
    }

    [Fact]
    public void Equals_the_platform_hash_on_random_messages_up_to_the_longest_audit_line()
    {
        var random = new Random(256);
        for (var round = 0; round < 2_000; round++)
        {
            var message = new byte[random.Next(0, AuditChain.MaxLineBytes + 1)];
            random.NextBytes(message);
            Assert.True(SHA256.HashData(message).AsSpan().SequenceEqual(Digest(message)), $"round {round}, length {message.Length}");
        }
    }

    [Fact]
    public void A_short_digest_buffer_is_refused()
    {
        Assert.Throws<ArgumentException>(() => LineSha256.Hash("abc"u8, new byte[31]));
    }

    private static byte[] Digest(ReadOnlySpan<byte> message)
    {
        var digest = new byte[LineSha256.DigestBytes];
        LineSha256.Hash(message, digest);
        return digest;
    }

    private static string Hex(ReadOnlySpan<byte> message) => Convert.ToHexStringLower(Digest(message));
}
