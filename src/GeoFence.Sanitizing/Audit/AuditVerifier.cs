namespace GeoFence.Sanitizing.Audit;

/// <summary>Checks an audit log: every line an entry, `n` consecutive, each `prev` the SHA-256 of the line before, genesis at n = 0.</summary>
public static class AuditVerifier
{
    /// <summary>Most problems listed before giving up (bounded output).</summary>
    public const int MaxProblems = 100;

    /// <summary>Verifies the log at a path; <paramref name="expectedHead"/>, when given, must equal the last entry's hash.</summary>
    public static AuditVerification Verify(string path, string? expectedHead = null)
    {
        var problems = new List<string>();
        long entries = 0;
        long firstIndex = 0;
        long? previousIndex = null;
        var previousHash = AuditChain.Genesis;
        var lineNumber = 0;
        foreach (var line in AuditLines.Read(path))
        {
            lineNumber++;
            if (problems.Count >= MaxProblems)
            {
                break;
            }

            var index = AuditLines.IndexOf(line);
            var prev = AuditLines.PrevOf(line);
            if (index is null || prev is null || AuditLines.TimeOf(line) is null || line.Length > AuditChain.MaxLineBytes)
            {
                problems.Add($"line {lineNumber}: not an audit entry");
                previousHash = AuditChain.HashOf(line);
                previousIndex = null;
                continue;
            }

            if (entries == 0)
            {
                firstIndex = index.Value;
                if (index == 0 && prev != AuditChain.Genesis)
                {
                    problems.Add($"line {lineNumber}: entry 0 does not start from the genesis hash");
                }
            }
            else
            {
                if (previousIndex is { } before && index != before + 1)
                {
                    problems.Add($"line {lineNumber}: entry {index} follows entry {before} (removed or reordered entries)");
                }

                if (prev != previousHash)
                {
                    problems.Add($"line {lineNumber}: entry {index} does not chain to the line before (edited, removed or reordered)");
                }
            }

            entries++;
            previousIndex = index;
            previousHash = AuditChain.HashOf(line);
        }

        if (File.Exists(path) && new FileInfo(path).Length > 0 && LastByte(path) != '\n')
        {
            problems.Add("the file does not end with a complete line");
        }

        var head = entries == 0 ? AuditChain.Genesis : previousHash;
        if (expectedHead is not null && !string.Equals(expectedHead, head, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"head is {head}, expected {expectedHead} (entries removed from the end, or appended since)");
        }

        return new AuditVerification(entries, firstIndex, head, problems);
    }

    private static int LastByte(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Position = file.Length - 1;
        return file.ReadByte();
    }
}
