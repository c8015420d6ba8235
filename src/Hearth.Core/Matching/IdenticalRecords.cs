namespace Hearth.Core.Matching;

/// <summary>
/// Records that are exact copies of one another as matching sees them (every compared value equal, the same adult
/// role date), grouped under the first of them, so that blocking, scoring and
/// clustering see each distinct record once. A school census sends the same pupil every term; comparing those copies
/// with each other and with everyone else's records, again and again, was most of a run's work. Copies are grouped
/// only where a run would join them anyway: two copies must score at or above the match threshold (so records that
/// share only names stay apart for review), no two may be named in one source record, a copy must not make a child of
/// someone its source calls an adult, and a record a person has decided about is never grouped. Linking across sources only, nothing is grouped:
/// two copies in one file must stay apart there.
/// </summary>
public sealed class IdenticalRecords
{
    private readonly List<int>[] _copies;

    private IdenticalRecords(int[] representatives, int[] distinctOf, List<int>[] copies)
    {
        Representatives = representatives;
        DistinctOf = distinctOf;
        _copies = copies;
    }

    /// <summary>Per distinct record, the index (into the table's records) of the record that stands for it, ascending.</summary>
    public int[] Representatives { get; }

    /// <summary>Per record, the index of its distinct record in <see cref="Representatives"/>.</summary>
    public int[] DistinctOf { get; }

    /// <summary>Groups the table's records. With no compiled form for some comparison, or collapsing turned off, every record stands for itself.</summary>
    public static IdenticalRecords Collapse(FeatureTable table, PairScorer scorer, LinkSettings settings, IReadOnlySet<int> decided)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(decided);
        var records = table.Records;
        var groupOf = new int[records.Count];
        var groups = new List<List<int>>();
        if (settings.CollapseIdenticalRecords && !settings.LinkOnly && table.Complete)
        {
            var first = new Dictionary<int, int>(new RowComparer(table));
            for (var i = 0; i < records.Count; i++)
            {
                if (!decided.Contains(i) && first.TryGetValue(i, out var group))
                {
                    groups[group].Add(i);
                    groupOf[i] = group;
                    continue;
                }

                groupOf[i] = groups.Count;
                if (!decided.Contains(i))
                {
                    first[i] = groups.Count;
                }

                groups.Add([i]);
            }

            // A group the run would not have joined goes back to one record each.
            var adultAge = new ClusterSettings().AdultAge;
            Span<sbyte> levels = stackalloc sbyte[scorer.Model.Comparisons.Count];
            var kept = new List<List<int>>(groups.Count);
            foreach (var group in groups)
            {
                if (group.Count == 1 || Joinable(table, scorer, group, adultAge, levels))
                {
                    kept.Add(group);
                }
                else
                {
                    kept.AddRange(group.Select(i => new List<int> { i }));
                }
            }

            groups = [.. kept.OrderBy(g => g[0])];
        }
        else
        {
            for (var i = 0; i < records.Count; i++)
            {
                groups.Add([i]);
            }
        }

        var representatives = new int[groups.Count];
        var distinctOf = new int[records.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            representatives[g] = groups[g][0];
            foreach (var i in groups[g])
            {
                distinctOf[i] = g;
            }
        }

        return new IdenticalRecords(representatives, distinctOf, [.. groups]);
    }

    /// <summary>Per distinct record, the source records its copies are named in besides its own (null for none).</summary>
    public IReadOnlyList<IReadOnlyList<string>?> MoreRecordGroups(IReadOnlyList<MatchRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return [.. _copies.Select(copies => copies.Count == 1 ? null
            : (IReadOnlyList<string>?)[.. copies.Skip(1).Select(i => records[i].RecordGroup).OfType<string>()])];
    }

    private static bool Joinable(FeatureTable table, PairScorer scorer, List<int> group, int adultAge, Span<sbyte> levels)
    {
        var records = table.Records;
        var first = group[0];
        if (scorer.Weight(first, first, levels) < scorer.MatchWeight)
        {
            return false;
        }

        if (records[first].DateOfBirth is { } born && records[first].AdultOn is { } adult && born.AddYears(adultAge) > adult)
        {
            return false;
        }

        var sourceRecords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in group)
        {
            if (records[i].RecordGroup is { } sourceRecord && !sourceRecords.Add(sourceRecord))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Two records are copies when their feature rows and adult role dates are equal.</summary>
    private sealed class RowComparer(FeatureTable table) : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) =>
            table.Row(x).SequenceEqual(table.Row(y)) && table.Records[x].AdultOn == table.Records[y].AdultOn;

        public int GetHashCode(int obj)
        {
            var hash = default(HashCode);
            foreach (var value in table.Row(obj))
            {
                hash.Add(value);
            }

            hash.Add(table.Records[obj].AdultOn);
            return hash.ToHashCode();
        }
    }
}
