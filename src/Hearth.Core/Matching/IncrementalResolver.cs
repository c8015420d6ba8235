using System.Diagnostics;

namespace Hearth.Core.Matching;

/// <summary>How a record was resolved against the golden records.</summary>
public enum ResolveOutcome
{
    /// <summary>It joined one existing golden record.</summary>
    Joined,

    /// <summary>It joined two or more golden records, which became one.</summary>
    Merged,

    /// <summary>It matched no golden record well enough: a new one was made for it.</summary>
    Created,
}

/// <summary>A pair for review that resolving a record raised: the record and the strongest member of a golden record.</summary>
/// <param name="SourceKey">The resolved record.</param>
/// <param name="OtherSourceKey">The golden record's member it links to most strongly.</param>
/// <param name="OtherGoldenId">That golden record.</param>
/// <param name="Weight">The pair's match weight.</param>
/// <param name="Reason">Why it is asked: between the thresholds, or the guard that refused a strong pair.</param>
public sealed record ResolveReview(string SourceKey, string OtherSourceKey, long OtherGoldenId, double Weight, string Reason)
{
    /// <summary>The pair's match probability.</summary>
    public double Probability => MatchModel.Probability(Weight);
}

/// <summary>What resolving one record did.</summary>
/// <param name="SourceKey">The record.</param>
/// <param name="GoldenId">The golden record it is in now.</param>
/// <param name="Outcome">Joined, merged or created.</param>
/// <param name="MergedGoldenIds">Golden records merged into <paramref name="GoldenId"/> (empty unless merged).</param>
/// <param name="Review">Pairs for a person to decide.</param>
/// <param name="CandidatesScored">How many records blocking offered and were scored.</param>
public sealed record ResolveResult(string SourceKey, long GoldenId, ResolveOutcome Outcome, IReadOnlyList<long> MergedGoldenIds, IReadOnlyList<ResolveReview> Review, int CandidatesScored);

/// <summary>
/// Resolves new and changed records against existing golden records without a full run: blocking keys are indexed in
/// memory, a new record is scored against the records its keys share a block with (by the same <see cref="PairScorer"/>
/// the full run uses), and the golden records it links to are clustered with it under the same guards
/// (<see cref="Clustering"/>), each golden record held together as a person confirmed it. A record that links strongly
/// to two golden records may merge them, as a full run would; one that links to none gets a new golden record.
/// Incremental results depend on the order records arrive in where a full run's do not, so a deployment still runs a
/// full match from time to time; golden ids survive it (<see cref="StableIds"/>).
/// </summary>
public sealed class IncrementalResolver
{
    private const int None = -1;

    private readonly PairScorer _scorer;
    private readonly IReadOnlyList<BlockingRule> _rules;
    private readonly LinkSettings _settings;
    private readonly ClusterSettings _clusterSettings;
    private readonly FeatureTable _table;
    private readonly List<MatchRecord?> _records = [];
    private readonly List<long> _goldenOf = [];
    private readonly List<int> _nextInBlock = [];
    private readonly Dictionary<string, int> _bySourceKey = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<int>> _members = [];
    private readonly Dictionary<ulong, Block> _blocks = [];
    private readonly Dictionary<string, List<(string Other, PairDecision Decision)>> _decisions = new(StringComparer.Ordinal);
    private long _nextGoldenId;

    /// <summary>An empty resolver; <see cref="Add"/> the existing records with their golden ids.</summary>
    /// <param name="model">The model of the latest full run, with term frequencies.</param>
    /// <param name="rules">The blocking rules of the full run.</param>
    /// <param name="settings">The thresholds of the full run.</param>
    /// <param name="nextGoldenId">The id the next new golden record gets.</param>
    /// <param name="decisions">People's decisions, by source key; every resolution obeys them.</param>
    public IncrementalResolver(MatchModel model, IReadOnlyList<BlockingRule> rules, LinkSettings settings, long nextGoldenId, IEnumerable<(string Left, string Right, PairDecision Decision)>? decisions = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(settings);
        if (rules.Count > 64)
        {
            throw new ArgumentException("At most 64 blocking rules.", nameof(rules));
        }

        ArgumentNullException.ThrowIfNull(model);
        _table = FeatureTable.Empty(model.Comparisons);
        _scorer = new PairScorer(model, settings, _table);
        _rules = rules;
        _settings = settings;
        _clusterSettings = new ClusterSettings
        {
            MatchWeight = _scorer.MatchWeight,
            BridgeSupport = settings.BridgeSupport,
            SupportWeight = _scorer.ReviewWeight,
        };
        _nextGoldenId = nextGoldenId;
        foreach (var (left, right, decision) in decisions ?? [])
        {
            AddDecision(left, right, decision);
        }
    }

    /// <summary>How many records the resolver holds.</summary>
    public int Count => _bySourceKey.Count;

    /// <summary>The golden record a record is in, or null if the resolver does not hold it.</summary>
    public long? GoldenOf(string sourceKey) => _bySourceKey.TryGetValue(sourceKey, out var index) ? _goldenOf[index] : null;

    /// <summary>Adds an existing record to its golden record, without resolving it.</summary>
    public void Add(MatchRecord record, long goldenId)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_bySourceKey.ContainsKey(record.SourceKey))
        {
            throw new ArgumentException($"The resolver already holds {record.SourceKey}.", nameof(record));
        }

        Register(Append(record), goldenId);
    }

    /// <summary>Gives a record its row (and feature row), in no golden record and no block yet.</summary>
    private int Append(MatchRecord record)
    {
        var index = _records.Count;
        _records.Add(record);
        _goldenOf.Add(0);
        var row = _table.Append(record);
        Debug.Assert(row == index, "the feature table's rows follow the resolver's");
        for (var r = 0; r < _rules.Count; r++)
        {
            _nextInBlock.Add(None);
        }

        return index;
    }

    /// <summary>Puts an appended record in its golden record and its blocks.</summary>
    private void Register(int index, long goldenId)
    {
        var record = _records[index]!;
        _goldenOf[index] = goldenId;
        _bySourceKey[record.SourceKey] = index;
        if (!_members.TryGetValue(goldenId, out var members))
        {
            _members[goldenId] = members = [];
        }

        members.Add(index);
        for (var r = 0; r < _rules.Count; r++)
        {
            if (_rules[r].Key(record) is { } key)
            {
                var hash = Hash(r, key);
                var slot = (index * _rules.Count) + r;
                if (_blocks.TryGetValue(hash, out var block))
                {
                    _nextInBlock[slot] = block.Head;
                    _blocks[hash] = new Block(slot, block.Count + 1);
                }
                else
                {
                    _blocks[hash] = new Block(slot, 1);
                }
            }
        }

        _nextGoldenId = Math.Max(_nextGoldenId, goldenId + 1);
    }

    /// <summary>
    /// Removes a record that is no longer current. Its golden record keeps its other members; the returned id is that of a
    /// golden record left with no members, which the caller retires, or null.
    /// </summary>
    public long? Remove(string sourceKey)
    {
        if (!_bySourceKey.Remove(sourceKey, out var index))
        {
            return null;
        }

        // The record stays in its blocks' chains (unlinking a singly linked chain is not worth it); a null marks it gone.
        _records[index] = null;
        var golden = _goldenOf[index];
        var members = _members[golden];
        members.Remove(index);
        if (members.Count == 0)
        {
            _members.Remove(golden);
            return golden;
        }

        return null;
    }

    /// <summary>Records a person's decision; later resolutions obey it.</summary>
    public void AddDecision(string left, string right, PairDecision decision)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        Decisions(left).Add((right, decision));
        Decisions(right).Add((left, decision));
    }

    /// <summary>
    /// Resolves a new or changed record (a changed one is removed first) against the golden records, adds it, and says
    /// what happened.
    /// </summary>
    public ResolveResult Resolve(MatchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Remove(record.SourceKey);
        var self = Append(record);

        // Candidates: every record sharing a block with this one, skipping blocks too big to use, as the full run does.
        var candidates = new HashSet<int>();
        for (var r = 0; r < _rules.Count; r++)
        {
            if (_rules[r].Key(record) is not { } key || !_blocks.TryGetValue(Hash(r, key), out var block) || block.Count >= _settings.MaxBlockSize)
            {
                continue;
            }

            for (var slot = block.Head; slot != None; slot = _nextInBlock[slot])
            {
                var index = slot / _rules.Count;
                if (_records[index] is not null)
                {
                    candidates.Add(index);
                }
            }
        }

        Span<sbyte> levels = stackalloc sbyte[_scorer.Model.Comparisons.Count];
        var scored = new List<(int Index, double Weight)>();
        foreach (var candidate in candidates.Order())
        {
            // The record that sorts first is the left one, as in a full run, so the two score every pair alike.
            var weight = string.CompareOrdinal(record.SourceKey, _records[candidate]!.SourceKey) < 0
                ? _scorer.Weight(self, candidate, levels)
                : _scorer.Weight(candidate, self, levels);
            if (weight >= _scorer.ReviewWeight)
            {
                scored.Add((candidate, weight));
            }
        }

        // The golden records in question: those it links to, and those holding a record a person tied it to.
        var involved = new SortedSet<long>(scored.Select(s => _goldenOf[s.Index]));
        var decisions = _decisions.TryGetValue(record.SourceKey, out var decided) ? decided : [];
        foreach (var (other, decision) in decisions)
        {
            if (decision == PairDecision.SamePerson && _bySourceKey.TryGetValue(other, out var index))
            {
                involved.Add(_goldenOf[index]);
            }
        }

        var (goldenId, joined, review) = Cluster(record, scored, involved, decisions);
        var outcome = joined.Count switch { 0 => ResolveOutcome.Created, 1 => ResolveOutcome.Joined, _ => ResolveOutcome.Merged };
        var merged = joined.Where(g => g != goldenId).ToList();
        foreach (var from in merged)
        {
            var moving = _members[from];
            _members.Remove(from);
            foreach (var index in moving)
            {
                _goldenOf[index] = goldenId;
            }

            _members[goldenId].AddRange(moving);
        }

        Register(self, goldenId);
        return new ResolveResult(record.SourceKey, goldenId, outcome, merged, review, candidates.Count);
    }

    private (long GoldenId, List<long> Joined, List<ResolveReview> Review) Cluster(
        MatchRecord record, List<(int Index, double Weight)> scored, SortedSet<long> involved, List<(string Other, PairDecision Decision)> decisions)
    {
        var joined = new List<long>();
        var review = new List<ResolveReview>();
        if (involved.Count == 0)
        {
            return (_nextGoldenId++, joined, review);
        }

        // A local clustering problem: the involved golden records' members (each held together as if a person had
        // confirmed it) and the new record, last, with its scored pairs.
        var local = new List<MatchRecord>();
        var localOf = new Dictionary<int, int>();
        var localDecisions = new List<(int Left, int Right, PairDecision Decision)>();
        foreach (var golden in involved)
        {
            var first = local.Count;
            foreach (var index in _members[golden])
            {
                localOf[index] = local.Count;
                local.Add(_records[index]!);
                if (local.Count - 1 > first)
                {
                    localDecisions.Add((first, local.Count - 1, PairDecision.SamePerson));
                }
            }
        }

        var self = local.Count;
        local.Add(record);
        foreach (var (other, decision) in decisions)
        {
            if (_bySourceKey.TryGetValue(other, out var index) && localOf.TryGetValue(index, out var at))
            {
                localDecisions.Add((at, self, decision));
            }
        }

        foreach (var (index, at) in localOf)
        {
            if (_decisions.TryGetValue(_records[index]!.SourceKey, out var theirs))
            {
                foreach (var (other, decision) in theirs)
                {
                    if (decision == PairDecision.DifferentPeople && _bySourceKey.TryGetValue(other, out var o) && localOf.TryGetValue(o, out var otherAt) && otherAt > at)
                    {
                        localDecisions.Add((at, otherAt, decision));
                    }
                }
            }
        }

        var pairs = scored.Select(s => new ScoredPair(Math.Min(localOf[s.Index], self), Math.Max(localOf[s.Index], self), s.Weight)).ToList();
        var result = Clustering.Cluster(local, pairs, _clusterSettings, localDecisions);
        var cluster = result.ClusterOf[self];
        foreach (var golden in involved)
        {
            if (result.ClusterOf[localOf[_members[golden][0]]] == cluster)
            {
                joined.Add(golden);
            }
        }

        // The id that survives a merge is the biggest golden record's (the lowest id on a tie), as StableIds keeps it.
        var goldenId = joined.Count == 0 ? _nextGoldenId++
            : joined.OrderByDescending(g => _members[g].Count).ThenBy(g => g).First();

        var refused = result.Refused.ToDictionary(r => (r.Pair.Left, r.Pair.Right), r => r.Reason);
        foreach (var golden in involved.Where(g => !joined.Contains(g)))
        {
            var links = scored.Where(s => _goldenOf[s.Index] == golden).OrderByDescending(s => s.Weight).ThenBy(s => s.Index).ToList();
            if (links.Count == 0)
            {
                continue;
            }

            var best = links[0];
            var pair = (Math.Min(localOf[best.Index], self), Math.Max(localOf[best.Index], self));
            var reason = best.Weight < _scorer.MatchWeight ? "between the review and match thresholds"
                : refused.TryGetValue(pair, out var why) ? Linker.Describe(why) : "strong pair kept apart";
            review.Add(new ResolveReview(record.SourceKey, _records[best.Index]!.SourceKey, golden, best.Weight, reason));
        }

        return (goldenId, joined, review);
    }

    private List<(string Other, PairDecision Decision)> Decisions(string sourceKey)
    {
        if (!_decisions.TryGetValue(sourceKey, out var list))
        {
            _decisions[sourceKey] = list = [];
        }

        return list;
    }

    /// <summary>FNV-1a over the rule's index and the key: deterministic across processes, unlike string hash codes.</summary>
    private static ulong Hash(int rule, string key)
    {
        var hash = 14695981039346656037UL ^ (ulong)rule;
        hash *= 1099511628211UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private readonly record struct Block(int Head, int Count);
}
