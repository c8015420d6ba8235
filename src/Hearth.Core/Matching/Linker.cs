using System.Diagnostics;

namespace Hearth.Core.Matching;

/// <summary>Settings for a linking run. Thresholds are probabilities; every default is documented in docs/matching.md.</summary>
public sealed record LinkSettings
{
    /// <summary>Pairs at or above this probability are joined (unless a guard refuses).</summary>
    public double MatchThreshold { get; init; } = 0.99;

    /// <summary>Pairs from this probability up to the match threshold go to clerical review.</summary>
    public double ReviewThreshold { get; init; } = 0.5;

    /// <summary>Blocks bigger than this are skipped (and reported).</summary>
    public int MaxBlockSize { get; init; } = 1_000;

    /// <summary>Random pairs compared to estimate u.</summary>
    public long USamplePairs { get; init; } = 2_000_000;

    /// <summary>The seed of the random sample.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>The share of a smaller group's records that must link strongly into a larger one to join them.</summary>
    public double BridgeSupport { get; init; } = 0.5;

    /// <summary>
    /// Join two records with the same valid NHS number whatever else they say (a deterministic rule alongside the model),
    /// provided their dates of birth could be one date (or one is missing) and their forenames are not plainly different.
    /// The NHS number is the health and care system's own identity; a surname changed on marriage must not undo it.
    /// Guards still apply.
    /// </summary>
    public bool SameNhsNumberIsAMatch { get; init; } = true;

    /// <summary>
    /// A pair with no evidence for it beyond names and sex (no date of birth, address, identifier or contact detail that
    /// agrees well enough to weigh for the match) is never joined automatically, however rare the name: it goes to
    /// review. Namesakes are the commonest false merge, and an address in the same district is no corroboration.
    /// </summary>
    public bool NamesAloneNeverMatch { get; init; } = true;

    /// <summary>
    /// Link across sources only (<see cref="MatchRecord.Source"/>, such as the files of <c>hearth link --link-only</c>):
    /// no pair of records from one source is sampled for u, trained on, blocked, scored or joined, and no cluster holds
    /// two records of one source. For sources that are each free of duplicates.
    /// </summary>
    public bool LinkOnly { get; init; }

    /// <summary>
    /// Null (the default): dates of birth that cannot be one typo of each other are never in one cluster. A number of
    /// years: only dates that far apart are kept apart, and not when the pair shares an identifier (see
    /// <see cref="ClusterSettings.DateOfBirthGuardYears"/>).
    /// </summary>
    public int? DateOfBirthGuardYears { get; init; }

    /// <summary>
    /// Block, score and cluster exact copies of a record once, through the first of them (see <see cref="IdenticalRecords"/>).
    /// They are joined as a run would join them; turning this off only makes a run slower.
    /// </summary>
    public bool CollapseIdenticalRecords { get; init; } = true;
}

/// <summary>A question for a person: two golden records (or records) that may be one person.</summary>
/// <param name="Pair">The strongest pair between the two clusters.</param>
/// <param name="Probability">Its match probability.</param>
/// <param name="Reason">Why it is asked: between the thresholds, or a guard refused a strong pair.</param>
/// <param name="PairsBetween">How many scored pairs link the two clusters.</param>
public sealed record ReviewItem(ScoredPair Pair, double Probability, string Reason, int PairsBetween);

/// <summary>Everything a linking run found.</summary>
public sealed class LinkResult
{
    /// <summary>The records, sorted by source key: every index in this result points into this list.</summary>
    public required IReadOnlyList<MatchRecord> Records { get; init; }

    /// <summary>The model used (estimated in this run, or given).</summary>
    public required MatchModel Model { get; init; }

    /// <summary>Training reports, when the model was estimated here.</summary>
    public required IReadOnlyList<TrainingReport> Training { get; init; }

    /// <summary>What each blocking rule added.</summary>
    public required IReadOnlyList<BlockingRuleReport> Blocking { get; init; }

    /// <summary>Candidate pairs compared.</summary>
    public required long CandidatePairs { get; init; }

    /// <summary>Records that were exact copies (every compared value equal) of an earlier one, and were linked through it.</summary>
    public long IdenticalRecordsCollapsed { get; init; }

    /// <summary>Scored pairs at or above the review threshold.</summary>
    public required IReadOnlyList<ScoredPair> Pairs { get; init; }

    /// <summary>Per record, its cluster (the lowest record index in it).</summary>
    public required int[] ClusterOf { get; init; }

    /// <summary>Pairs for people to decide, one per pair of clusters.</summary>
    public required IReadOnlyList<ReviewItem> Review { get; init; }

    /// <summary>Seconds per stage.</summary>
    public required IReadOnlyDictionary<string, double> Seconds { get; init; }

    /// <summary>How many clusters.</summary>
    public int ClusterCount => ClusterOf.Distinct().Count();
}

/// <summary>
/// Links records into clusters of one person each: estimate the model (or take one), block, score every candidate
/// pair, and cluster with guards. Pure and deterministic: the same records in any order give the same clusters.
/// </summary>
public static class Linker
{
    /// <summary>Links the records.</summary>
    public static LinkResult Link(
        IEnumerable<MatchRecord> records,
        IReadOnlyList<Comparison> comparisons,
        IReadOnlyList<BlockingRule> blocking,
        IReadOnlyList<TrainingSession> training,
        LinkSettings settings,
        MatchModel? model = null,
        IReadOnlyList<(string Left, string Right, PairDecision Decision)>? decisions = null,
        IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(settings);
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        void Lap(string stage)
        {
            seconds[stage] = clock.Elapsed.TotalSeconds;
            clock.Restart();
        }

        // Content order, so that nothing below depends on the order the records arrived in.
        var sorted = records.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.SourceKey, b.SourceKey));
        for (var i = 1; i < sorted.Length; i++)
        {
            if (string.Equals(sorted[i].SourceKey, sorted[i - 1].SourceKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Two records have the source key {sorted[i].SourceKey}; each must be unique.", nameof(records));
            }
        }

        var frequencies = ParameterEstimation.TermFrequencies(sorted, comparisons);
        var table = FeatureTable.Build(sorted, comparisons);
        var partition = settings.LinkOnly ? SourcePartition(sorted) : null;
        IReadOnlyList<TrainingReport> reports = [];
        if (model is null)
        {
            progress?.Report("estimating u from random pairs");
            var u = ParameterEstimation.EstimateU(sorted, comparisons, settings.USamplePairs, settings.Seed, partition, table);
            progress?.Report("estimating m by expectation maximisation");
            var (m, prior, trained) = ParameterEstimation.EstimateM(sorted, comparisons, u, training, settings.MaxBlockSize, partition: partition, table: table);
            reports = trained;
            model = new MatchModel(comparisons, m, u, prior, frequencies);
        }
        else
        {
            model = model.WithTermFrequencies(frequencies);
        }

        Lap("training");
        var index = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length; i++)
        {
            index[sorted[i].SourceKey] = i;
        }

        var decided = (decisions ?? [])
            .Where(d => index.ContainsKey(d.Left) && index.ContainsKey(d.Right))
            .Select(d => (Left: index[d.Left], Right: index[d.Right], d.Decision))
            .ToList();

        // Identical records (every compared value the same, as a pupil's termly census rows are) that would be joined
        // anyway are blocked, scored and clustered once, through the first of them.
        progress?.Report("collapsing identical records");
        var scorer = new PairScorer(model, settings, table);
        var collapsed = IdenticalRecords.Collapse(table, scorer, settings, decided.SelectMany(d => new[] { d.Left, d.Right }).ToHashSet());
        var distinct = collapsed.Representatives.Select(r => sorted[r]).ToArray();
        var distinctPartition = partition is null ? null : collapsed.Representatives.Select(r => partition[r]).ToArray();
        Lap("collapsing");

        progress?.Report("blocking");
        var candidates = CandidatePairs.Generate(distinct, blocking, settings.MaxBlockSize, distinctPartition);
        Lap("blocking");
        progress?.Report($"scoring {candidates.Pairs.Length:N0} pairs");
        var pairs = Score(table, candidates.Pairs, model, settings, collapsed.Representatives);
        Lap("scoring");

        progress?.Report("clustering");
        var clusterSettings = new ClusterSettings
        {
            MatchWeight = MatchModel.WeightOf(settings.MatchThreshold),
            BridgeSupport = settings.BridgeSupport,
            SupportWeight = MatchModel.WeightOf(settings.ReviewThreshold),
            OneRecordPerSource = settings.LinkOnly,
            DateOfBirthGuardYears = settings.DateOfBirthGuardYears,
        };
        var distinctDecisions = decided.Select(d => (collapsed.DistinctOf[d.Left], collapsed.DistinctOf[d.Right], d.Decision)).ToList();
        var clusters = Clustering.Cluster(distinct, pairs, clusterSettings, distinctDecisions, collapsed.MoreRecordGroups(sorted));
        var review = Review(pairs, clusters, clusterSettings.MatchWeight);
        Lap("clustering");

        // Back to every record: a copy is in its representative's cluster, named by the cluster's lowest record index.
        var representatives = collapsed.Representatives;
        ScoredPair Original(ScoredPair pair) => new(representatives[pair.Left], representatives[pair.Right], pair.Weight);
        var clusterOf = new int[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            clusterOf[i] = representatives[clusters.ClusterOf[collapsed.DistinctOf[i]]];
        }

        return new LinkResult
        {
            Records = sorted,
            Model = model,
            Training = reports,
            Blocking = candidates.Report,
            CandidatePairs = candidates.Pairs.LongLength,
            IdenticalRecordsCollapsed = sorted.Length - distinct.Length,
            Pairs = [.. pairs.Select(Original)],
            ClusterOf = clusterOf,
            Review = [.. review.Select(r => r with { Pair = Original(r.Pair) })],
            Seconds = seconds,
        };
    }

    /// <summary>Each record's source as a number, for linking across sources only (records of one source are never paired).</summary>
    private static int[] SourcePartition(MatchRecord[] records)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        var partition = new int[records.Length];
        for (var i = 0; i < records.Length; i++)
        {
            var source = records[i].Source ?? string.Empty;
            if (!numbers.TryGetValue(source, out var number))
            {
                number = numbers.Count;
                numbers[source] = number;
            }

            partition[i] = number;
        }

        return partition;
    }

    /// <summary>Scores every candidate pair in parallel; keeps those at or above the review threshold.</summary>
    public static List<ScoredPair> Score(IReadOnlyList<MatchRecord> records, long[] candidates, MatchModel model, LinkSettings settings) =>
        Score(FeatureTable.Build(records, model?.Comparisons ?? throw new ArgumentNullException(nameof(model))), candidates, model, settings);

    /// <summary>
    /// Scores every candidate pair of the feature table's records in parallel; keeps those at or above the review
    /// threshold. With <paramref name="rows"/>, the pairs index into it and it gives each one's row in the table.
    /// </summary>
    public static List<ScoredPair> Score(FeatureTable table, long[] candidates, MatchModel model, LinkSettings settings, int[]? rows = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var scorer = new PairScorer(model, settings, table);
        const int chunk = 16_384;
        var chunks = (candidates.Length + chunk - 1) / chunk;
        var kept = new List<ScoredPair>[chunks];
        Parallel.For(0, chunks, c =>
        {
            var local = new List<ScoredPair>();
            Span<sbyte> levels = stackalloc sbyte[model.Comparisons.Count];
            var end = Math.Min(candidates.Length, (c + 1) * chunk);
            for (var p = c * chunk; p < end; p++)
            {
                var left = CandidatePairs.Left(candidates[p]);
                var right = CandidatePairs.Right(candidates[p]);
                var weight = rows is null ? scorer.Weight(left, right, levels) : scorer.Weight(rows[left], rows[right], levels);
                if (weight >= scorer.ReviewWeight)
                {
                    local.Add(new ScoredPair(left, right, weight));
                }
            }

            kept[c] = local;
        });
        var all = new List<ScoredPair>(kept.Sum(k => k.Count));
        foreach (var local in kept)
        {
            all.AddRange(local);
        }

        return all;
    }

    /// <summary>Whether nothing but names and sex weighs for the match: every other comparison is missing or against it.</summary>
    internal static bool NamesAlone(MatchModel model, MatchRecord left, ReadOnlySpan<sbyte> levels)
    {
        var comparisons = model.Comparisons;
        for (var c = 0; c < comparisons.Count; c++)
        {
            if (levels[c] != Comparison.NoEvidence && comparisons[c].Name is not ("forename" or "surname" or "sex")
                && model.LevelWeight(c, levels[c], left) > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The deterministic rule's identity test: the same valid NHS number, and dates of birth that could be one date or
    /// are missing on a side. (Scoring also requires the forenames not to be plainly different.)
    /// </summary>
    public static bool IsDeterministicMatch(MatchRecord left, MatchRecord right) =>
        left.NhsNumber is { } a && string.Equals(a, right.NhsNumber, StringComparison.Ordinal)
        && (left.DateOfBirth is not { } x || right.DateOfBirth is not { } y || DateOfBirthComparison.CouldBeTypos(x, y));

    private static List<ReviewItem> Review(List<ScoredPair> pairs, ClusterResult clusters, double matchWeight)
    {
        var refusedReason = new Dictionary<(int, int), RefusalReason>();
        foreach (var refused in clusters.Refused)
        {
            refusedReason.TryAdd((refused.Pair.Left, refused.Pair.Right), refused.Reason);
        }

        var best = new Dictionary<(int, int), (ScoredPair Pair, int Count, string Reason)>();
        foreach (var pair in pairs)
        {
            var a = clusters.ClusterOf[pair.Left];
            var b = clusters.ClusterOf[pair.Right];
            if (a == b)
            {
                continue;
            }

            var key = a < b ? (a, b) : (b, a);
            var reason = pair.Weight >= matchWeight
                ? refusedReason.TryGetValue((pair.Left, pair.Right), out var why) ? Describe(why) : "strong pair kept apart"
                : "between the review and match thresholds";
            if (!best.TryGetValue(key, out var current))
            {
                best[key] = (pair, 1, reason);
            }
            else
            {
                var stronger = pair.Weight > current.Pair.Weight || (pair.Weight == current.Pair.Weight && (pair.Left, pair.Right).CompareTo((current.Pair.Left, current.Pair.Right)) < 0);
                best[key] = stronger ? (pair, current.Count + 1, reason) : (current.Pair, current.Count + 1, current.Reason);
            }
        }

        return [.. best.Values
            .OrderByDescending(v => v.Pair.Weight).ThenBy(v => v.Pair.Left).ThenBy(v => v.Pair.Right)
            .Select(v => new ReviewItem(v.Pair, MatchModel.Probability(v.Pair.Weight), v.Reason, v.Count))];
    }

    internal static string Describe(RefusalReason reason) => reason switch
    {
        RefusalReason.ConflictingNhsNumbers => "different NHS numbers",
        RefusalReason.ConflictingUpns => "different UPNs",
        RefusalReason.ConflictingDatesOfBirth => "different dates of birth",
        RefusalReason.DecidedDifferent => "decided to be different people",
        RefusalReason.WeakBridge => "weak bridge between two groups",
        RefusalReason.SameSourceRecord => "named side by side in one source record",
        RefusalReason.ChildInAdultRole => "a child by date of birth in an adult's role",
        _ => reason.ToString(),
    };

    /// <summary>The default comparisons for people.</summary>
    public static IReadOnlyList<Comparison> PeopleComparisons(NameEquivalents equivalents) =>
    [
        new ForenameComparison(equivalents),
        new SurnameComparison(equivalents),
        new DateOfBirthComparison(),
        new SexComparison(),
        new AddressComparison(),
        new IdentifierComparison("nhs_number", r => r.NhsNumber, r => r.NhsNumberUnchecked),
        new IdentifierComparison("upn", r => r.Upn, r => r.UpnUnchecked),
        new IdentifierComparison("nino", r => r.Nino),
        new IdentifierComparison("identifier", r => r.Identifier),
        new TextComparison("email", r => r.Email),
        new TextComparison("phone", r => r.Phone),
    ];
}
