using System.Globalization;

namespace Hearth.Core.Matching;

/// <summary>
/// A blocking rule: records whose keys are equal become candidate pairs. A record with no key (it lacks a value the
/// rule needs) is in no block of that rule.
/// </summary>
/// <param name="Name">A short name for reports (dob_surname_initial).</param>
/// <param name="Key">The record's key under the rule, or null.</param>
public sealed record BlockingRule(string Name, Func<MatchRecord, string?> Key)
{
    /// <summary>The default rules for people: identifiers, then date of birth with an initial, then names and places.
    /// Their union finds nearly every true pair while comparing a tiny share of all pairs (see the blocking report).</summary>
    public static IReadOnlyList<BlockingRule> ForPeople { get; } =
    [
        new("nhs_number", r => r.NhsNumber),
        new("upn", r => r.Upn),
        new("nino", r => r.Nino),
        new("identifier", r => r.Identifier),
        new("dob_surname_initial", r => r.DateOfBirth is { } d && r.SurnameInitial is { } s ? Day(d) + s : null),
        new("dob_forename_initial", r => r.DateOfBirth is { } d && r.ForenameInitial is { } f ? Day(d) + f : null),
        new("names_sound_birth_year", r => r.DateOfBirth is { } d && r.Forename is not null && r.Surname is not null
            ? r.ForenamePhonetic.Primary + "|" + r.SurnamePhonetic.Primary + "|" + d.Year.ToString(CultureInfo.InvariantCulture) : null),
        new("forename_surname", r => r.Forename is { } f && r.Surname is { } s ? f + "|" + s : null),
        new("postcode_forename_sound", r => r.Postcode is { } p && r.Forename is not null ? p + "|" + r.ForenamePhonetic.Primary : null),
        new("postcode_surname_sound", r => r.Postcode is { } p && r.Surname is not null ? p + "|" + r.SurnamePhonetic.Primary : null),
        new("email", r => r.Email),
        new("phone", r => r.Phone),
    ];

    private static string Day(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}

/// <summary>What blocking produced, rule by rule: the pairs each rule added that no earlier rule had.</summary>
/// <param name="Rule">The rule's name.</param>
/// <param name="Blocks">Blocks of two or more records.</param>
/// <param name="NewPairs">Pairs this rule added.</param>
/// <param name="OversizedBlocks">Blocks skipped because they held more records than the limit.</param>
/// <param name="OversizedRecords">Records in those blocks.</param>
public sealed record BlockingRuleReport(string Rule, int Blocks, long NewPairs, int OversizedBlocks, long OversizedRecords);

/// <summary>
/// Candidate pairs: the union of every rule's blocks, each pair once (with the first rule that found it), as indexes
/// into the record list, the lower first, sorted.
/// </summary>
public sealed class CandidatePairs
{
    private CandidatePairs(long[] pairs, byte[] rules, IReadOnlyList<BlockingRuleReport> report, long recordCount)
    {
        Pairs = pairs;
        Rules = rules;
        Report = report;
        RecordCount = recordCount;
    }

    /// <summary>Each pair as (left &lt;&lt; 32) | right, left &lt; right, sorted ascending.</summary>
    public long[] Pairs { get; }

    /// <summary>The index of the rule that found each pair.</summary>
    public byte[] Rules { get; }

    /// <summary>Per rule, what it added.</summary>
    public IReadOnlyList<BlockingRuleReport> Report { get; }

    /// <summary>How many records were blocked.</summary>
    public long RecordCount { get; }

    /// <summary>All pairs of records that could be compared (across partitions only, when given): what comparing without blocking would cost.</summary>
    public long AllPairs { get; private init; }

    /// <summary>The left index of a packed pair.</summary>
    public static int Left(long pair) => (int)(pair >> 32);

    /// <summary>The right index of a packed pair.</summary>
    public static int Right(long pair) => (int)(pair & 0xFFFFFFFF);

    /// <summary>Packs a pair, lower index first.</summary>
    public static long Pack(int a, int b) => a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;

    /// <summary>
    /// Blocks the records with every rule. A pair found by an earlier rule is not emitted again, so no pair is scored
    /// twice. Blocks bigger than <paramref name="maxBlockSize"/> are skipped and reported: they would cost quadratic time
    /// for pairs that other rules find more cheaply. When <paramref name="partition"/> is given (a number per record),
    /// records with the same number are never paired: linking across files only.
    /// </summary>
    public static CandidatePairs Generate(IReadOnlyList<MatchRecord> records, IReadOnlyList<BlockingRule> rules, int maxBlockSize, int[]? partition = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count > byte.MaxValue)
        {
            throw new ArgumentException("At most 255 blocking rules.", nameof(rules));
        }

        // A record's key under each rule, null where the rule has none or its block was too big to use.
        var keys = new string?[rules.Count][];
        var pairs = new List<long>();
        var ruleOf = new List<byte>();
        var report = new List<BlockingRuleReport>(rules.Count);
        for (var r = 0; r < rules.Count; r++)
        {
            var ruleKeys = new string?[records.Count];
            var blocks = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var i = 0; i < records.Count; i++)
            {
                var key = rules[r].Key(records[i]);
                ruleKeys[i] = key;
                if (key is null)
                {
                    continue;
                }

                if (!blocks.TryGetValue(key, out var members))
                {
                    members = [];
                    blocks[key] = members;
                }

                members.Add(i);
            }

            int blockCount = 0, oversized = 0;
            long oversizedRecords = 0, added = 0;
            foreach (var members in blocks.Values)
            {
                if (members.Count < 2)
                {
                    continue;
                }

                if (members.Count > maxBlockSize)
                {
                    oversized++;
                    oversizedRecords += members.Count;
                    foreach (var member in members)
                    {
                        ruleKeys[member] = null;
                    }

                    continue;
                }

                blockCount++;
                for (var x = 0; x < members.Count; x++)
                {
                    var i = members[x];
                    for (var y = x + 1; y < members.Count; y++)
                    {
                        var j = members[y];
                        if ((partition is not null && partition[i] == partition[j]) || FoundEarlier(keys, r, i, j))
                        {
                            continue;
                        }

                        pairs.Add(Pack(i, j));
                        ruleOf.Add((byte)r);
                        added++;
                    }
                }
            }

            keys[r] = ruleKeys;
            report.Add(new BlockingRuleReport(rules[r].Name, blockCount, added, oversized, oversizedRecords));
        }

        var packed = pairs.ToArray();
        var packedRules = ruleOf.ToArray();
        Array.Sort(packed, packedRules);
        return new CandidatePairs(packed, packedRules, report, records.Count) { AllPairs = PossiblePairs(records.Count, partition) };
    }

    /// <summary>How many pairs could be compared: all pairs, or only those across partitions.</summary>
    public static long PossiblePairs(int records, int[]? partition)
    {
        long all = (long)records * (records - 1) / 2;
        if (partition is null)
        {
            return all;
        }

        // Pairs within a partition are never compared: take them away.
        foreach (var size in partition.GroupBy(p => p).Select(g => (long)g.Count()))
        {
            all -= size * (size - 1) / 2;
        }

        return all;
    }

    private static bool FoundEarlier(string?[]?[] keys, int rule, int i, int j)
    {
        for (var q = 0; q < rule; q++)
        {
            var k = keys[q]!;
            if (k[i] is { } key && string.Equals(key, k[j], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
