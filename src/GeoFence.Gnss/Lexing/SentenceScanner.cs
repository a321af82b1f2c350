using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GeoFence.Gnss.Lexing;

/// <summary>
/// The lexer's one pass over the text of an NMEA sentence: finds the byte that ends it and, in the same pass, folds the
/// XOR of its bytes and records where each field starts, so the decoder needs no second split or checksum pass.
/// </summary>
/// <remarks>
/// Positions are sentence coordinates (the lead character is 0). Entry 0 of <see cref="FieldStarts"/> is the first
/// field after the lead character (1, in body coordinates 0), entry k is the index of the k-th comma (in body
/// coordinates: the first byte after it). A sentence may arrive in pieces (chunk boundaries): the state runs on.
/// </remarks>
internal sealed class SentenceScanner
{
    private readonly int[] _starts;
    private int _commas;
    private int _xor;

    /// <summary>Creates a scanner for sentences of at most <paramref name="maxSentenceLength"/> bytes.</summary>
    public SentenceScanner(int maxSentenceLength) => _starts = new int[maxSentenceLength + 2];

    /// <summary>XOR of every byte scanned since <see cref="Begin"/> (lead character excluded).</summary>
    public int Xor => _xor;

    /// <summary>Starts a new sentence.</summary>
    public void Begin()
    {
        _commas = 0;
        _xor = 0;
    }

    /// <summary>
    /// The field starts of the finished sentence of <paramref name="length"/> bytes: one entry per field and a last
    /// one that ends the last field where a well-formed <c>*hh</c> checksum begins (index <c>length - 3</c>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> FieldStarts(int length)
    {
        // Entry 0 is always 0 (set at construction; Record writes from entry 1 on). A sentence has fewer commas than
        // bytes: entry _commas + 1 exists.
        ref var starts = ref MemoryMarshal.GetArrayDataReference(_starts);
        Unsafe.Add(ref starts, _commas + 1) = length - 3;
        return MemoryMarshal.CreateReadOnlySpan(ref starts, _commas + 2);
    }

    /// <summary>
    /// Scans <paramref name="text"/>, whose first byte is at sentence index <paramref name="offset"/>, for the first
    /// byte that cannot continue a sentence (control, non-ASCII or '$'), looking at no more than
    /// <paramref name="limit"/> bytes; folds the bytes before it into the XOR and records their commas.
    /// Returns the index of that byte in <paramref name="text"/>, or -1 when none was found within the limit.
    /// </summary>
    /// <remarks>A byte stops the sentence when (byte - 0x20) &gt; 0x5E unsigned, or it is '$'.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Scan(ReadOnlySpan<byte> text, int limit, int offset)
    {
        var n = Math.Min(text.Length, limit);
        if (Vector256.IsHardwareAccelerated && n >= 32)
        {
            return Scan256(text, n, offset);
        }

        if (Vector128.IsHardwareAccelerated && n >= 16)
        {
            return Scan128(text, n, offset);
        }

        return ScanBytes(text, n, offset);
    }

    /// <summary><see cref="Scan"/> one byte at a time; <paramref name="n"/> bytes of <paramref name="text"/>.</summary>
    private int ScanBytes(ReadOnlySpan<byte> text, int n, int offset)
    {
        ref var first = ref MemoryMarshal.GetReference(text);
        for (var i = 0; i < n; i++)
        {
            var c = Unsafe.Add(ref first, i);
            if ((uint)(c - 0x20) > 0x7E - 0x20 || c == (byte)'$')
            {
                return i;
            }

            _xor ^= c;
            if (c == (byte)',')
            {
                _starts[++_commas] = offset + i;
            }
        }

        return -1;
    }

    /// <summary><see cref="Scan"/> 32 bytes at a time; <paramref name="n"/> (at least 32) bytes of <paramref name="text"/>.</summary>
    private int Scan256(ReadOnlySpan<byte> text, int n, int offset)
    {
        ref var first = ref MemoryMarshal.GetReference(text);
        var space = Vector256.Create((byte)0x20);
        var printable = Vector256.Create((byte)(0x7E - 0x20));
        var dollar = Vector256.Create((byte)'$');
        var comma = Vector256.Create((byte)',');
        var folded = Vector256<byte>.Zero;
        var stop = -1;
        var i = 0;
        for (; i + 32 <= n; i += 32)
        {
            var chunk = Vector256.LoadUnsafe(ref first, (nuint)i);
            var stops = (Vector256.GreaterThan(chunk - space, printable) | Vector256.Equals(chunk, dollar)).ExtractMostSignificantBits();
            var commas = Vector256.Equals(chunk, comma).ExtractMostSignificantBits();
            if (stops != 0)
            {
                var at = BitOperations.TrailingZeroCount(stops);
                folded ^= chunk & Vector256.LessThan(Vector256<byte>.Indices, Vector256.Create((byte)at));
                Record(commas & ((1u << at) - 1), offset + i);
                stop = i + at;
                break;
            }

            folded ^= chunk;
            Record(commas, offset + i);
        }

        if (stop < 0 && i < n)
        {
            // The last 32 bytes within n, of which the first `done` were scanned above.
            var done = 32 - (n - i);
            var chunk = Vector256.LoadUnsafe(ref first, (nuint)(n - 32));
            var fresh = uint.MaxValue << done;
            var stops = (Vector256.GreaterThan(chunk - space, printable) | Vector256.Equals(chunk, dollar)).ExtractMostSignificantBits() & fresh;
            var end = stops != 0 ? BitOperations.TrailingZeroCount(stops) : 32;
            var lanes = Vector256.GreaterThanOrEqual(Vector256<byte>.Indices, Vector256.Create((byte)done))
                & Vector256.LessThan(Vector256<byte>.Indices, Vector256.Create((byte)end));
            folded ^= chunk & lanes;
            Record(Vector256.Equals(chunk, comma).ExtractMostSignificantBits() & fresh & (end == 32 ? uint.MaxValue : (1u << end) - 1), offset + n - 32);
            stop = stops != 0 ? n - 32 + end : -1;
        }

        // 32 lanes to 16 in a vector register, then two 8-byte integers.
        var halves = (folded.GetLower() ^ folded.GetUpper()).AsUInt64();
        _xor ^= Fold(halves.GetElement(0) ^ halves.GetElement(1));
        return stop;
    }

    /// <summary><see cref="Scan"/> 16 bytes at a time (ARM NEON); <paramref name="n"/> (at least 16) bytes of <paramref name="text"/>.</summary>
    private int Scan128(ReadOnlySpan<byte> text, int n, int offset)
    {
        ref var first = ref MemoryMarshal.GetReference(text);
        var space = Vector128.Create((byte)0x20);
        var printable = Vector128.Create((byte)(0x7E - 0x20));
        var dollar = Vector128.Create((byte)'$');
        var comma = Vector128.Create((byte)',');
        var folded = Vector128<byte>.Zero;
        var stop = -1;
        var i = 0;
        for (; i + 16 <= n; i += 16)
        {
            var chunk = Vector128.LoadUnsafe(ref first, (nuint)i);
            var stops = (Vector128.GreaterThan(chunk - space, printable) | Vector128.Equals(chunk, dollar)).ExtractMostSignificantBits();
            var commas = Vector128.Equals(chunk, comma).ExtractMostSignificantBits();
            if (stops != 0)
            {
                var at = BitOperations.TrailingZeroCount(stops);
                folded ^= chunk & Vector128.LessThan(Vector128<byte>.Indices, Vector128.Create((byte)at));
                Record(commas & ((1u << at) - 1), offset + i);
                stop = i + at;
                break;
            }

            folded ^= chunk;
            Record(commas, offset + i);
        }

        if (stop < 0 && i < n)
        {
            var done = 16 - (n - i);
            var chunk = Vector128.LoadUnsafe(ref first, (nuint)(n - 16));
            var fresh = 0xFFFFu << done;
            var stops = (Vector128.GreaterThan(chunk - space, printable) | Vector128.Equals(chunk, dollar)).ExtractMostSignificantBits() & fresh;
            var end = stops != 0 ? BitOperations.TrailingZeroCount(stops) : 16;
            var lanes = Vector128.GreaterThanOrEqual(Vector128<byte>.Indices, Vector128.Create((byte)done))
                & Vector128.LessThan(Vector128<byte>.Indices, Vector128.Create((byte)end));
            folded ^= chunk & lanes;
            Record(Vector128.Equals(chunk, comma).ExtractMostSignificantBits() & fresh & ((1u << end) - 1), offset + n - 16);
            stop = stops != 0 ? n - 16 + end : -1;
        }

        var halves = folded.AsUInt64();
        _xor ^= Fold(halves.GetElement(0) ^ halves.GetElement(1));
        return stop;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Record(uint commas, int at)
    {
        // At most one comma per scanned byte and never more than the sentence limit: the array holds them all.
        ref var starts = ref MemoryMarshal.GetArrayDataReference(_starts);
        nint count = _commas;
        while (commas != 0)
        {
            count++;
            Unsafe.Add(ref starts, count) = at + BitOperations.TrailingZeroCount(commas);
            commas &= commas - 1;
        }

        _commas = (int)count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Fold(ulong all)
    {
        all ^= all >> 32;
        all ^= all >> 16;
        all ^= all >> 8;
        return (int)(all & 0xFF);
    }
}
