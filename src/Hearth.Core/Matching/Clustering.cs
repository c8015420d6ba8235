using Hearth.Core.Text;

namespace Hearth.Core.Matching;

/// <summary>A candidate pair with its match weight; indexes into the run's record list.</summary>
/// <param name="Left">The lower index.</param>
/// <param name="Right">The higher index.</param>
/// <param name="Weight">The match weight.</param>
public readonly record struct ScoredPair(int Left, int Right, double Weight);

/// <summary>What people decided about two records; it beats any score and survives every run.</summary>
public enum PairDecision
{
    /// <summary>The two records are the same person: join them, even past a guard.</summary>
    SamePerson,

    /// <summary>The two records are different people: never in one golden record.</summary>
    DifferentPeople,
}

/// <summary>Why a pair above the match threshold was not joined; it goes to review.</summary>
public enum RefusalReason
{
    /// <summary>The two groups hold different NHS numbers that cannot be typos of each other.</summary>
    ConflictingNhsNumbers,

    /// <summary>Different UPNs that cannot be typos of each other.</summary>
    ConflictingUpns,

    /// <summary>Different dates of birth that cannot be typos of each other.</summary>
    ConflictingDatesOfBirth,

    /// <summary>A person decided that records in the two groups are different people.</summary>
    DecidedDifferent,

    /// <summary>Too few strong links between two established groups: a weak bridge.</summary>
    WeakBridge,

    /// <summary>The two groups hold people named side by side in one source record: different people.</summary>
    SameSourceRecord,

    /// <summary>One group's date of birth makes a child of someone the other group's source calls an adult.</summary>
    ChildInAdultRole,
}

/// <summary>A strong pair that clustering refused to join, and why.</summary>
/// <param name="Pair">The pair.</param>
/// <param name="Reason">Why.</param>
public sealed record RefusedPair(ScoredPair Pair, RefusalReason Reason);

/// <summary>Settings for clustering.</summary>
public sealed record ClusterSettings
{
    /// <summary>The youngest age at which a source's adult role (liable person, tenant, parent) is plausible.</summary>
    public int AdultAge { get; init; } = 16;

    /// <summary>Pairs at or above this weight are joined, unless a guard refuses.</summary>
    public double MatchWeight { get; init; } = MatchModel.WeightOf(0.99);

    /// <summary>
    /// Two groups of two or more records are joined only if strong links run between at least this share of the smaller
    /// group's records (at least one): a single link between two dense groups is a weak bridge, the way unrelated
    /// people get chained together.
    /// </summary>
    public double BridgeSupport { get; init; } = 0.5;

    /// <summary>
    /// The weight a link between two groups needs to count as support for joining them (the review threshold's by
    /// default): a group's records that link only plausibly, not strongly, still show the two groups are one person's,
    /// where a lone strong link with nothing else between the groups does not.
    /// </summary>
    public double SupportWeight { get; init; } = MatchModel.WeightOf(0.5);

    /// <summary>
    /// No cluster holds two records of one source (<see cref="MatchRecord.Source"/>): for linking across files that are
    /// each free of duplicates. A refused pair gives <see cref="RefusalReason.SameSourceRecord"/>.
    /// </summary>
    public bool OneRecordPerSource { get; init; }

    /// <summary>
    /// Null (the default): two dates of birth that cannot be one typo of each other keep two groups apart. A number of
    /// years: only dates at least that far apart do (a parent and a child are a generation apart; nearer dates may be one
    /// person's date written wrongly, which the match weight already counts against the pair), and a pair that agrees
    /// exactly on an NHS number, UPN, NI number or shared identifier is joined whatever its dates say.
    /// </summary>
    public int? DateOfBirthGuardYears { get; init; }
}

/// <summary>The clusters: for each record, the index of its cluster's first record (so an id that does not depend on
/// the order of merging), and the strong pairs that were refused.</summary>
/// <param name="ClusterOf">Per record, its cluster's representative (the lowest record index in it).</param>
/// <param name="Refused">Strong pairs left apart, and why.</param>
public sealed record ClusterResult(int[] ClusterOf, IReadOnlyList<RefusedPair> Refused);

/// <summary>
/// Joins records into clusters, strongest pair first, with guards against chaining: a cluster never holds two valid
/// NHS numbers, UPNs or dates of birth that cannot be typos of each other, never holds two records people said are
/// different, and two established groups join only with enough strong links between them. Decided same-person pairs
/// are joined first and pass every guard except a different-people decision. The order of pairs (weight, then record
/// index) and so the result depend only on the records' content, not on the order they arrived in.
/// </summary>
public static class Clustering
{
    /// <summary>Clusters the records.</summary>
    public static ClusterResult Cluster(
        IReadOnlyList<MatchRecord> records,
        IReadOnlyList<ScoredPair> pairs,
        ClusterSettings settings,
        IReadOnlyList<(int Left, int Right, PairDecision Decision)>? decisions = null,
        IReadOnlyList<IReadOnlyList<string>?>? moreRecordGroups = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(settings);
        var state = new State(records, settings.BridgeSupport, settings.AdultAge, settings.OneRecordPerSource, settings.DateOfBirthGuardYears);
        if (moreRecordGroups is not null)
        {
            // A record standing for identical copies of itself holds every copy's source record.
            for (var i = 0; i < records.Count; i++)
            {
                if (moreRecordGroups[i] is { } groups)
                {
                    state.AddRecordGroups(i, groups);
                }
            }
        }

        decisions ??= [];
        foreach (var (left, right, decision) in decisions)
        {
            if (decision == PairDecision.DifferentPeople)
            {
                state.AddCannotLink(left, right);
            }
        }

        var refused = new List<RefusedPair>();
        foreach (var (left, right, decision) in decisions.Where(d => d.Decision == PairDecision.SamePerson).OrderBy(d => Math.Min(d.Left, d.Right)).ThenBy(d => Math.Max(d.Left, d.Right)))
        {
            if (state.Find(left) != state.Find(right) && !state.DecidedApart(state.Find(left), state.Find(right)))
            {
                state.Union(left, right);
            }
        }

        var strong = pairs.Where(p => p.Weight >= settings.MatchWeight).ToArray();
        Array.Sort(strong, static (a, b) =>
        {
            var byWeight = b.Weight.CompareTo(a.Weight);
            return byWeight != 0 ? byWeight : a.Left != b.Left ? a.Left.CompareTo(b.Left) : a.Right.CompareTo(b.Right);
        });
        state.SetSupportLinks([.. pairs.Where(p => p.Weight >= Math.Min(settings.SupportWeight, settings.MatchWeight))]);
        foreach (var pair in strong)
        {
            var a = state.Find(pair.Left);
            var b = state.Find(pair.Right);
            if (a == b)
            {
                continue;
            }

            if (state.Guard(a, b, pair) is { } reason)
            {
                refused.Add(new RefusedPair(pair, reason));
                continue;
            }

            state.Union(a, b);
        }

        var clusterOf = new int[records.Count];
        var lowest = new Dictionary<int, int>();
        for (var i = 0; i < records.Count; i++)
        {
            var root = state.Find(i);
            if (!lowest.TryGetValue(root, out var first))
            {
                lowest[root] = i;
                first = i;
            }

            clusterOf[i] = first;
        }

        // A refusal whose records ended up together after all (joined through other links) is no longer a question.
        return new ClusterResult(clusterOf, [.. refused.Where(r => clusterOf[r.Pair.Left] != clusterOf[r.Pair.Right])]);
    }

    private sealed class State
    {
        private readonly IReadOnlyList<MatchRecord> _records;
        private readonly int[] _parent;
        private readonly List<int>[] _members;
        private readonly HashSet<string>?[] _nhs;
        private readonly HashSet<string>?[] _upn;
        private readonly HashSet<DateOnly>?[] _dob;
        private readonly HashSet<int>?[] _cannotLink;
        private readonly HashSet<string>?[] _recordGroups;
        private readonly DateOnly?[] _latestBirth;
        private readonly DateOnly?[] _earliestAdult;
        private readonly int _adultAge;
        private int[] _linkStart = [];
        private readonly double _bridgeSupport;
        private int[] _links = [];
        private readonly double? _dateOfBirthGuardDays;

        public State(IReadOnlyList<MatchRecord> records, double bridgeSupport, int adultAge, bool oneRecordPerSource, int? dateOfBirthGuardYears)
        {
            _dateOfBirthGuardDays = dateOfBirthGuardYears * 365.25;
            _records = records;
            _bridgeSupport = bridgeSupport;
            _adultAge = adultAge;
            _recordGroups = new HashSet<string>?[records.Count];
            _latestBirth = new DateOnly?[records.Count];
            _earliestAdult = new DateOnly?[records.Count];
            _parent = new int[records.Count];
            _members = new List<int>[records.Count];
            _nhs = new HashSet<string>?[records.Count];
            _upn = new HashSet<string>?[records.Count];
            _dob = new HashSet<DateOnly>?[records.Count];
            _cannotLink = new HashSet<int>?[records.Count];
            for (var i = 0; i < records.Count; i++)
            {
                _parent[i] = i;
                _members[i] = [i];
                if (records[i].NhsNumber is { } nhs)
                {
                    _nhs[i] = new HashSet<string>(StringComparer.Ordinal) { nhs };
                }

                if (records[i].Upn is { } upn)
                {
                    _upn[i] = new HashSet<string>(StringComparer.Ordinal) { upn };
                }

                if (records[i].DateOfBirth is { } dob)
                {
                    _dob[i] = [dob];
                    _latestBirth[i] = dob;
                }

                if (records[i].RecordGroup is { } group)
                {
                    _recordGroups[i] = new HashSet<string>(StringComparer.Ordinal) { group };
                }

                if (oneRecordPerSource)
                {
                    // The source as one more group, marked so that it cannot equal a record group's name.
                    (_recordGroups[i] ??= new HashSet<string>(StringComparer.Ordinal)).Add("\u0001source|" + records[i].Source);
                }

                _earliestAdult[i] = records[i].AdultOn;
            }
        }

        public void AddRecordGroups(int record, IReadOnlyList<string> groups)
        {
            var set = _recordGroups[record] ??= new HashSet<string>(StringComparer.Ordinal);
            set.UnionWith(groups);
        }

        public void AddCannotLink(int a, int b)
        {
            (_cannotLink[a] ??= []).Add(b);
            (_cannotLink[b] ??= []).Add(a);
        }

        /// <summary>The supporting links as adjacency lists, for counting the links between two groups.</summary>
        public void SetSupportLinks(ScoredPair[] strong)
        {
            var degree = new int[_records.Count + 1];
            foreach (var pair in strong)
            {
                degree[pair.Left + 1]++;
                degree[pair.Right + 1]++;
            }

            for (var i = 1; i < degree.Length; i++)
            {
                degree[i] += degree[i - 1];
            }

            _linkStart = degree;
            _links = new int[strong.Length * 2];
            var fill = (int[])degree.Clone();
            foreach (var pair in strong)
            {
                _links[fill[pair.Left]++] = pair.Right;
                _links[fill[pair.Right]++] = pair.Left;
            }
        }

        public int Find(int i)
        {
            while (_parent[i] != i)
            {
                _parent[i] = _parent[_parent[i]];
                i = _parent[i];
            }

            return i;
        }

        public bool DecidedApart(int a, int b)
        {
            var (small, large) = _members[a].Count <= _members[b].Count ? (a, b) : (b, a);
            foreach (var member in _members[small])
            {
                if (_cannotLink[member] is { } apart && apart.Any(other => Find(other) == large))
                {
                    return true;
                }
            }

            return false;
        }

        public RefusalReason? Guard(int a, int b, ScoredPair pair)
        {
            if (DecidedApart(a, b))
            {
                return RefusalReason.DecidedDifferent;
            }

            if (_recordGroups[a] is { } ga && _recordGroups[b] is { } gb && (ga.Count <= gb.Count ? ga.Overlaps(gb) : gb.Overlaps(ga)))
            {
                return RefusalReason.SameSourceRecord;
            }

            if (ChildAsAdult(Latest(_latestBirth[a], _latestBirth[b]), Earliest(_earliestAdult[a], _earliestAdult[b])))
            {
                return RefusalReason.ChildInAdultRole;
            }

            if (Conflict(_nhs[a], _nhs[b], static (x, y) => EditDistance.WithinOne(x, y)))
            {
                return RefusalReason.ConflictingNhsNumbers;
            }

            if (Conflict(_upn[a], _upn[b], static (x, y) => EditDistance.WithinOne(x, y)))
            {
                return RefusalReason.ConflictingUpns;
            }

            if (_dateOfBirthGuardDays is not { } days)
            {
                if (Conflict(_dob[a], _dob[b], DateOfBirthComparison.CouldBeTypos))
                {
                    return RefusalReason.ConflictingDatesOfBirth;
                }
            }
            else if (Conflict(_dob[a], _dob[b], (x, y) => DateOfBirthComparison.CouldBeTypos(x, y) || Math.Abs(x.DayNumber - y.DayNumber) < days)
                && !SharePersonalIdentifier(_records[pair.Left], _records[pair.Right]))
            {
                return RefusalReason.ConflictingDatesOfBirth;
            }

            var smaller = Math.Min(_members[a].Count, _members[b].Count);
            if (smaller >= 2)
            {
                var (small, large) = _members[a].Count <= _members[b].Count ? (a, b) : (b, a);
                var supported = 0;
                foreach (var member in _members[small])
                {
                    for (var k = _linkStart[member]; k < _linkStart[member + 1]; k++)
                    {
                        if (Find(_links[k]) == large)
                        {
                            supported++;
                            break;
                        }
                    }
                }

                if (supported < Math.Max(1, Math.Ceiling(_bridgeSupport * smaller)))
                {
                    return RefusalReason.WeakBridge;
                }
            }

            return null;
        }

        public void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a == b)
            {
                return;
            }

            if (_members[a].Count < _members[b].Count)
            {
                (a, b) = (b, a);
            }

            _parent[b] = a;
            _members[a].AddRange(_members[b]);
            _members[b] = [];
            _nhs[a] = Merge(_nhs[a], _nhs[b]);
            _upn[a] = Merge(_upn[a], _upn[b]);
            _dob[a] = Merge(_dob[a], _dob[b]);
            _nhs[b] = null;
            _upn[b] = null;
            _dob[b] = null;
            _recordGroups[a] = Merge(_recordGroups[a], _recordGroups[b]);
            _recordGroups[b] = null;
            _latestBirth[a] = Latest(_latestBirth[a], _latestBirth[b]);
            _earliestAdult[a] = Earliest(_earliestAdult[a], _earliestAdult[b]);
        }

        private static bool SharePersonalIdentifier(MatchRecord left, MatchRecord right) =>
            Same(left.NhsNumber, right.NhsNumber) || Same(left.Upn, right.Upn) || Same(left.Nino, right.Nino) || Same(left.Identifier, right.Identifier);

        private static bool Same(string? a, string? b) => a is not null && string.Equals(a, b, StringComparison.Ordinal);

        private bool ChildAsAdult(DateOnly? latestBirth, DateOnly? earliestAdult) =>
            latestBirth is { } born && earliestAdult is { } adult && born.AddYears(_adultAge) > adult;

        private static DateOnly? Latest(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;

        private static DateOnly? Earliest(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a < b ? a : b;

        private static HashSet<T>? Merge<T>(HashSet<T>? into, HashSet<T>? from)
        {
            if (from is null)
            {
                return into;
            }

            if (into is null)
            {
                return from;
            }

            into.UnionWith(from);
            return into;
        }

        private static bool Conflict<T>(HashSet<T>? a, HashSet<T>? b, Func<T, T, bool> couldBeTypos)
        {
            if (a is null || b is null)
            {
                return false;
            }

            foreach (var x in a)
            {
                foreach (var y in b)
                {
                    if (!couldBeTypos(x, y))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
