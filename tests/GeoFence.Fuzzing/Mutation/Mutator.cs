namespace GeoFence.Fuzzing.Mutation;

/// <summary>
/// Seeded, coverage-blind mutator: picks a seed (through the supplied picker) and stacks 1–6 mutations from the
/// enabled families. The same seed number gives the same sequence of inputs.
/// </summary>
public sealed class Mutator
{
    private readonly Random _random;
    private readonly Func<Random, byte[]> _pickSeed;
    private readonly MutationFamilies _families;
    private readonly int _maxLength;
    private readonly List<Action<List<byte>>> _operations = [];

    /// <summary>Creates a mutator over a seed picker, with the families to use and a cap on input length.</summary>
    public Mutator(int seed, Func<Random, byte[]> pickSeed, MutationFamilies families, int maxLength)
    {
        _random = new Random(seed);
        _pickSeed = pickSeed;
        _families = families;
        _maxLength = maxLength;
        var r = _random;
        if (families.HasFlag(MutationFamilies.Bytes))
        {
            _operations.AddRange(
            [
                b => ByteMutations.FlipBit(b, r),
                b => ByteMutations.SetByte(b, r),
                b => ByteMutations.Insert(b, r),
                b => ByteMutations.Delete(b, r),
                b => ByteMutations.Duplicate(b, r, maxLength),
                b => ByteMutations.Splice(b, r, pickSeed(r), maxLength),
                b => ByteMutations.InterestingWord(b, r),
                b => ByteMutations.Truncate(b, r),
            ]);
        }

        if (families.HasFlag(MutationFamilies.Nmea))
        {
            _operations.AddRange(
            [
                b => NmeaMutations.ChangeField(b, r),
                b => NmeaMutations.ChangeField(b, r),
                b => NmeaMutations.ChangeField(b, r),
                b => NmeaMutations.HugeField(b, r),
                b => NmeaMutations.ShiftFields(b, r),
                b => NmeaMutations.BreakChecksum(b, r),
                b => NmeaMutations.DropLineEnd(b, r),
                b => NmeaMutations.RepeatSentence(b, r, maxLength),
                b => NmeaMutations.RepeatSentence(b, r, maxLength),
            ]);
        }

        if (families.HasFlag(MutationFamilies.Ubx))
        {
            _operations.AddRange(
            [
                b => UbxMutations.ChangeLength(b, r),
                b => UbxMutations.ChangePayload(b, r),
                b => UbxMutations.ChangePayload(b, r),
                b => UbxMutations.InsertNavFrame(b, r, maxLength),
            ]);
        }

        if (families.HasFlag(MutationFamilies.Json))
        {
            _operations.AddRange(
            [
                b => JsonMutations.ReplaceNumber(b, r),
                b => JsonMutations.ReplaceNumber(b, r),
                b => JsonMutations.ReplaceString(b, r),
                b => JsonMutations.ReplaceString(b, r),
                b => JsonMutations.RenameKey(b, r),
                b => JsonMutations.ReplaceValue(b, r),
                b => JsonMutations.ReplaceValue(b, r),
                b => JsonMutations.RepeatElement(b, r, maxLength),
                b => JsonMutations.RemoveEntry(b, r),
                b => JsonMutations.RemoveEntry(b, r),
                b => JsonMutations.Wrap(b, r),
            ]);
        }
    }

    /// <summary>The mutator's random source (targets that build structured inputs draw from it too, keeping runs reproducible).</summary>
    public Random Random => _random;

    /// <summary>A fresh mutated input from a picked seed.</summary>
    public byte[] Next() => Mutate(_pickSeed(_random));

    /// <summary>Applies 1–6 stacked mutations to a copy of <paramref name="input"/>.</summary>
    public byte[] Mutate(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var buffer = new List<byte>(input);
        var count = 1 + (int)Math.Floor(-Math.Log(1 - _random.NextDouble()) * 1.5);
        for (var i = 0; i < Math.Min(count, 6); i++)
        {
            _operations[_random.Next(_operations.Count)](buffer);
        }

        if (_families.HasFlag(MutationFamilies.Nmea) && _random.Next(4) == 0)
        {
            NmeaMutations.FixAllChecksums(buffer);
        }

        if (buffer.Count > _maxLength)
        {
            buffer.RemoveRange(_maxLength, buffer.Count - _maxLength);
        }

        return [.. buffer];
    }
}
