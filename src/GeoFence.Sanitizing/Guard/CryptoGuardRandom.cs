using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GeoFence.Sanitizing.Guard;

/// <summary>The production random source: the operating system's cryptographic generator.</summary>
public sealed class CryptoGuardRandom : IGuardRandom
{
    /// <inheritdoc />
    public double NextUnit()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return (BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> 11) * (1.0 / (1UL << 53));
    }
}
