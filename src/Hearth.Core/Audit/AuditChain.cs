using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hearth.Core.Audit;

/// <summary>One audit entry as the chain hashes it: who did what, to what, when, from where, and why.</summary>
/// <param name="Sequence">The entry's position in the chain, from 1 with no gaps.</param>
/// <param name="At">When, as ISO 8601 UTC text (stored and hashed as text, so the hash never depends on parsing).</param>
/// <param name="Actor">Who: the user name, or "system".</param>
/// <param name="Action">What kind of act: view-person, search, sign-in, decide-match and so on.</param>
/// <param name="TargetKind">What it was done to: person, family, user, review, audit; empty when nothing.</param>
/// <param name="TargetId">Which one.</param>
/// <param name="Address">From where: the client's IP address, or "cli".</param>
/// <param name="Reason">Why, where a reason was asked for (break-glass, decisions).</param>
/// <param name="Detail">Anything else worth keeping, as JSON text.</param>
public sealed record AuditRecord(long Sequence, string At, string Actor, string Action, string TargetKind, string TargetId, string Address, string Reason, string Detail);

/// <summary>A stored audit entry: its content, the hash of the entry before it, and its own hash.</summary>
/// <param name="Record">The content.</param>
/// <param name="PreviousHash">The previous entry's hash (the genesis hash for the first).</param>
/// <param name="Hash">This entry's hash.</param>
public sealed record ChainedAuditRecord(AuditRecord Record, string PreviousHash, string Hash);

/// <summary>What verifying a chain found.</summary>
/// <param name="Entries">How many entries were checked.</param>
/// <param name="Problems">What is wrong, first problem first; empty when the chain is intact.</param>
public sealed record AuditVerification(long Entries, IReadOnlyList<string> Problems)
{
    /// <summary>True when no entry was altered, removed or reordered.</summary>
    public bool Intact => Problems.Count == 0;
}

/// <summary>
/// The audit hash chain: each entry's hash is SHA-256 over the previous entry's hash and the entry's content, so
/// altering, removing or reordering any entry breaks every hash after it. The newest (sequence, hash) is also written
/// outside the database, so that removing entries from the end, or rewriting the whole chain, is detected too.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The hash of an entry that follows <paramref name="previousHash"/>.</summary>
    /// <param name="previousHash">The hash of the entry before it.</param>
    /// <param name="record">The entry.</param>
    public static string Hash(string previousHash, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = new StringBuilder();
        // Each field is written with its length first, so that no two different entries have the same text.
        foreach (var field in new[]
                 {
                     previousHash, record.Sequence.ToString(CultureInfo.InvariantCulture), record.At, record.Actor, record.Action, record.TargetKind,
                     record.TargetId, record.Address, record.Reason, record.Detail,
                 })
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Checks a chain read in sequence order, and the head written outside the database. Reports each entry whose
    /// sequence skips (removed), goes back (reordered), whose stored previous hash is not the hash before it, or whose
    /// content no longer gives its hash (altered); and a head that the chain does not reach or does not agree with.
    /// </summary>
    /// <param name="entries">The stored entries in the order the store keeps them.</param>
    /// <param name="head">The (sequence, hash) last written outside the database, if any.</param>
    public static AuditVerification Verify(IEnumerable<ChainedAuditRecord> entries, (long Sequence, string Hash)? head)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var problems = new List<string>();
        var previousHash = GenesisHash;
        long expected = 1;
        long count = 0;
        var hashes = new Dictionary<long, string>();
        foreach (var entry in entries)
        {
            count++;
            var sequence = entry.Record.Sequence;
            if (sequence > expected)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"entries {expected} to {sequence - 1} are missing: removed"));
            }
            else if (sequence < expected)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"entry {sequence} comes after entry {expected - 1}: reordered"));
            }

            if (!string.Equals(entry.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"entry {sequence} does not follow the entry before it: an entry before it was removed, altered or reordered"));
            }

            if (!string.Equals(Hash(entry.PreviousHash, entry.Record), entry.Hash, StringComparison.Ordinal))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"entry {sequence} was altered: its content no longer gives its hash"));
            }

            hashes[sequence] = entry.Hash;
            previousHash = entry.Hash;
            expected = Math.Max(expected, sequence + 1);
        }

        if (head is { } h)
        {
            if (!hashes.TryGetValue(h.Sequence, out var stored))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"the head written outside the database is entry {h.Sequence}, which the chain no longer has: entries were removed from the end"));
            }
            else if (!string.Equals(stored, h.Hash, StringComparison.Ordinal))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"entry {h.Sequence} does not match the head written outside the database: the chain was rewritten"));
            }
        }

        return new AuditVerification(count, problems);
    }
}
