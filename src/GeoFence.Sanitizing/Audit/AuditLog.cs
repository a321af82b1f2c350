using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoFence.Sanitizing.Policy;
using GeoFence.Sanitizing.Redaction;
using GeoFence.Sanitizing.Secrets;

namespace GeoFence.Sanitizing.Audit;

/// <summary>
/// The hash-chained decision log: one JSON line per decision, `{"n","time","policy","version","action","zones","prev"}`,
/// where `prev` is the SHA-256 of the previous line's bytes. Time is coarsened, zone ids keyed-hashed, no coordinates.
/// Lines are buffered and written to the OS by <see cref="Flush"/> (the sanitiser flushes before a record whose entry is
/// buffered leaves, and once a second; a write per entry cost more than the rest of the audit), never fsynced (SD-card
/// wear); bounded by retention via <see cref="PruneExpired"/>. A failed write drops the buffered lines (counted in
/// <see cref="Losses"/>); a reopen continues the chain from the last complete line in the file.
/// </summary>
public sealed class AuditLog : IDecisionAudit, IDisposable
{
    private readonly string path;
    private readonly ZoneIdHasher hasher;
    private readonly TimeSpan timeStep;
    private readonly TimeSpan retention;
    private readonly TimeProvider time;
    private readonly ArrayBufferWriter<byte> line = new(512);
    private readonly ArrayBufferWriter<byte> pending = new(8192);
    private readonly LostTickets lost = new();
    private readonly Utf8JsonWriter lineWriter;
    private readonly byte[] headHex = new byte[64];
    private string? headHash;
    private JsonEncodedText policyId;
    private string? policyIdOf;
    private FileStream stream;

    private AuditLog(string path, IUnitSecrets secrets, OutputRules rules, TimeProvider time)
    {
        this.path = path;
        hasher = new ZoneIdHasher(secrets.AuditKey);
        timeStep = rules.AuditTimeStep;
        retention = TimeSpan.FromDays(rules.RetentionDays);
        this.time = time;
        lineWriter = new Utf8JsonWriter(line);
        (NextIndex, var head) = ReadHead(path);
        Encoding.ASCII.GetBytes(head, headHex);
        headHash = head;
        stream = OpenForAppend(path);
    }

    /// <summary>Buffered bytes at which the next entry first writes the buffer out.</summary>
    public const int FlushAtPendingBytes = 64 * 1024;

    /// <summary>Entries recorded but not yet written to the OS.</summary>
    public int PendingEntries { get; private set; }

    /// <inheritdoc />
    public long LastTicket { get; private set; }

    /// <inheritdoc />
    public long WrittenThrough { get; private set; }

    /// <inheritdoc />
    public long Losses { get; private set; }

    /// <inheritdoc />
    public bool WasLost(long ticket) => lost.Contains(ticket);

    /// <summary>Index the next entry gets.</summary>
    public long NextIndex { get; private set; }

    /// <summary>SHA-256 of the last entry line (the genesis value for an empty log): anchor it elsewhere to detect tail removal.</summary>
    public string HeadHash => headHash ??= Encoding.ASCII.GetString(headHex);

    /// <summary>Opens (or creates) the log at a path, resuming the chain from its last complete line.</summary>
    public static AuditLog Open(string path, IUnitSecrets secrets, OutputRules rules, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(time);
        return new AuditLog(path, secrets, rules, time);
    }

    /// <inheritdoc />
    public void Record(in AuditDecision decision)
    {
        if (pending.WrittenCount >= FlushAtPendingBytes)
        {
            Flush(); // bounded whoever forgets to flush: about 200 entries
        }

        var entry = Format(decision);
        var target = pending.GetSpan(entry.Length + 1);
        entry.CopyTo(target);
        target[entry.Length] = (byte)'\n';
        pending.Advance(entry.Length + 1);
        PendingEntries++;
        LastTicket++;
        // the chain's hash in managed code (LineSha256: the platform's cost more than the line) and the hex kept as bytes
        Span<byte> digest = stackalloc byte[LineSha256.DigestBytes];
        LineSha256.Hash(entry, digest);
        Convert.TryToHexStringLower(digest, headHex, out _);
        headHash = null;
        NextIndex++;
    }

    /// <inheritdoc />
    public void Flush()
    {
        if (PendingEntries == 0)
        {
            return;
        }

        try
        {
            stream.Write(pending.WrittenSpan);
            stream.Flush();
            WrittenThrough = LastTicket;
        }
        catch (IOException)
        {
            Losses++; // a part may have reached the file: the next open cuts a partial last line
            lost.Add(WrittenThrough, LastTicket);
            WrittenThrough = LastTicket; // written or lost: none of them is buffered any more
            throw;
        }
        finally
        {
            pending.ResetWrittenCount();
            PendingEntries = 0;
        }
    }

    /// <summary>Rewrites the log without entries older than the retention (atomic rename); returns how many were removed.</summary>
    public int PruneExpired()
    {
        Flush();
        var cutoff = time.GetUtcNow() - retention;
        var temp = path + ".prune";
        var removed = 0;
        stream.Dispose();
        using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            foreach (var line in AuditLines.Read(path))
            {
                if (AuditLines.TimeOf(line) is { } entryTime && entryTime < cutoff)
                {
                    removed++;
                    continue;
                }

                output.Write(line);
                output.WriteByte((byte)'\n');
            }
        }

        File.Move(temp, path, overwrite: true);
        stream = OpenForAppend(path);
        return removed;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Flush();
        }
        finally
        {
            lineWriter.Dispose();
            stream.Dispose();
        }
    }

    /// <summary>The entry's line, in a buffer reused for every entry (valid until the next call).</summary>
    private ReadOnlySpan<byte> Format(in AuditDecision decision)
    {
        line.ResetWrittenCount();
        lineWriter.Reset(line);
        Span<byte> stamp = stackalloc byte[32];
        var floored = ContentBuilder.Floor(decision.Time, timeStep).UtcDateTime;
        if (!floored.TryFormat(stamp, out var stampLength, "s", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("audit time not formattable");
        }

        stamp[stampLength++] = (byte)'Z';
        if (!ReferenceEquals(decision.PolicyId, policyIdOf))
        {
            policyId = JsonEncodedText.Encode(decision.PolicyId); // once per policy, not per entry
            policyIdOf = decision.PolicyId;
        }

        lineWriter.WriteStartObject();
        lineWriter.WriteNumber(Names.N, NextIndex);
        lineWriter.WriteString(Names.Time, stamp[..stampLength]);
        lineWriter.WriteString(Names.Policy, policyId);
        lineWriter.WriteNumber(Names.Version, decision.PolicyVersion);
        lineWriter.WriteString(Names.Action, ActionName(decision.Outcome));
        lineWriter.WriteStartArray(Names.Zones);
        for (var i = 0; i < decision.ZoneIds.Count; i++)
        {
            lineWriter.WriteStringValue(hasher.Hash(decision.ZoneIds[i]));
        }

        lineWriter.WriteEndArray();
        lineWriter.WriteString(Names.Prev, headHex);
        lineWriter.WriteEndObject();
        lineWriter.Flush();
        return line.WrittenCount <= AuditChain.MaxLineBytes ? line.WrittenSpan : throw new InvalidOperationException("audit entry too long (too many zones)");
    }

    private static JsonEncodedText ActionName(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Allow => Names.Allow,
        AuditOutcome.Redact => Names.Redact,
        AuditOutcome.Block => Names.Block,
        _ => Names.Invalid,
    };

    private static FileStream OpenForAppend(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.None); // buffered here, not twice

    private static (long NextIndex, string Head) ReadHead(string path)
    {
        if (!File.Exists(path))
        {
            return (0, AuditChain.Genesis);
        }

        TruncatePartialLine(path);
        var last = LastLine(path);
        if (last is null)
        {
            return (0, AuditChain.Genesis);
        }

        var index = AuditLines.IndexOf(last) ?? throw new InvalidDataException($"audit log {path}: last entry unreadable; run `audit verify`");
        return (index + 1, AuditChain.HashOf(last));
    }

    /// <summary>The last complete line, read from the end of the file (bounded: at most one entry length).</summary>
    private static byte[]? LastLine(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length == 0)
        {
            return null;
        }

        var window = (int)Math.Min(file.Length, AuditChain.MaxLineBytes + 2);
        var buffer = new byte[window];
        file.Position = file.Length - window;
        file.ReadExactly(buffer);
        var end = window - 1; // the final '\n'
        var start = end == 0 ? 0 : Array.LastIndexOf(buffer, (byte)'\n', end - 1) + 1;
        if (start == 0 && file.Length > window)
        {
            throw new InvalidDataException($"audit log {path}: last entry longer than {AuditChain.MaxLineBytes} bytes; run `audit verify`");
        }

        return buffer[start..end];
    }

    private static void TruncatePartialLine(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var length = file.Length;
        var keep = length;
        while (keep > 0)
        {
            file.Position = keep - 1;
            if (file.ReadByte() == '\n')
            {
                break;
            }

            keep--;
        }

        if (keep != length)
        {
            file.SetLength(keep); // a line cut by power loss is not an entry
        }
    }

    /// <summary>Member names and fixed values, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText N = JsonEncodedText.Encode("n");
        public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
        public static readonly JsonEncodedText Policy = JsonEncodedText.Encode("policy");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        public static readonly JsonEncodedText Action = JsonEncodedText.Encode("action");
        public static readonly JsonEncodedText Zones = JsonEncodedText.Encode("zones");
        public static readonly JsonEncodedText Prev = JsonEncodedText.Encode("prev");
        public static readonly JsonEncodedText Allow = JsonEncodedText.Encode("allow");
        public static readonly JsonEncodedText Redact = JsonEncodedText.Encode("redact");
        public static readonly JsonEncodedText Block = JsonEncodedText.Encode("block");
        public static readonly JsonEncodedText Invalid = JsonEncodedText.Encode("invalid");
    }
}
