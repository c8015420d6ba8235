using System.Collections.Concurrent;

namespace Hearth.Core.Matching;

/// <summary>
/// A training session of expectation maximisation: the pairs one blocking rule finds, with the comparisons that rule
/// used held fixed (every pair agrees on them by construction, so they cannot be learned from these pairs).
/// </summary>
/// <param name="Name">A name for reports.</param>
/// <param name="Rule">The rule whose pairs the session learns from.</param>
/// <param name="Fixed">Names of the comparisons the rule fixes.</param>
public sealed record TrainingSession(string Name, BlockingRule Rule, IReadOnlyList<string> Fixed)
{
    /// <summary>
    /// The default sessions for people: pairs with the same date of birth and surname teach every other comparison;
    /// pairs with the same forename and surname teach the date of birth (and again the rest); pairs at the same postcode
    /// with the same date of birth teach the names.
    /// </summary>
    public static IReadOnlyList<TrainingSession> ForPeople { get; } =
    [
        new("same date of birth and surname", new BlockingRule("dob_surname", r => r.DateOfBirth is { } d && r.Surname is { } s ? d.DayNumber + "|" + s : null), ["dob", "surname"]),
        new("same forename and surname", new BlockingRule("forename_surname", r => r.Forename is { } f && r.Surname is { } s ? f + "|" + s : null), ["forename", "surname"]),
        new("same date of birth and postcode", new BlockingRule("dob_postcode", r => r.DateOfBirth is { } d && r.Postcode is { } p ? d.DayNumber + "|" + p : null), ["dob", "address"]),
    ];
}

/// <summary>What one training session learned.</summary>
/// <param name="Session">The session's name.</param>
/// <param name="Pairs">Pairs it learned from.</param>
/// <param name="Iterations">EM iterations until the parameters settled.</param>
/// <param name="MatchShare">The share of its pairs it judged to be matches.</param>
public sealed record TrainingReport(string Session, long Pairs, int Iterations, double MatchShare);

/// <summary>
/// Estimates a model's parameters without labels: u by comparing random pairs (nearly all of which are different
/// people), m by expectation maximisation over blocked pairs, and the prior from what the sessions found. All of it is
/// deterministic for a given seed and record order.
/// </summary>
public static class ParameterEstimation
{
    /// <summary>How many pairs' worth of matches a level needs in a session before its m is learned rather than assumed.</summary>
    public const double MinimumMatches = 10;

    /// <summary>
    /// u-probabilities from <paramref name="samplePairs"/> random pairs, with add-one smoothing so that no level that
    /// random pairs never reach gets a u of zero. With a <paramref name="partition"/> (a number per record), only pairs
    /// across partitions are sampled, as only those are ever compared.
    /// </summary>
    public static double[][] EstimateU(IReadOnlyList<MatchRecord> records, IReadOnlyList<Comparison> comparisons, long samplePairs, ulong seed, int[]? partition = null, FeatureTable? table = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(comparisons);
        table ??= FeatureTable.Build(records, comparisons);
        var counts = comparisons.Select(c => new long[c.Levels.Count]).ToArray();
        if (records.Count >= 2)
        {
            // Fixed chunks, each with its own generator, so that the sample is the same however many threads run.
            const int chunks = 64;
            var perChunk = (samplePairs + chunks - 1) / chunks;
            var partial = new long[chunks][][];
            Parallel.For(0, chunks, chunk =>
            {
                var random = new SplitMix64(seed ^ (0x9E3779B97F4A7C15UL * (ulong)(chunk + 1)));
                var local = comparisons.Select(c => new long[c.Levels.Count]).ToArray();
                long redraws = 0;
                for (long n = 0; n < perChunk; n++)
                {
                    var i = random.Next(records.Count);
                    var j = random.Next(records.Count - 1);
                    if (j >= i)
                    {
                        j++;
                    }

                    if (partition is not null && partition[i] == partition[j])
                    {
                        // Drawn again rather than skipped, so that the sample keeps its size; a partition holding
                        // nearly every record makes this slow, never endless (the draw is bounded by perChunk * 64).
                        if (++redraws < perChunk * 64)
                        {
                            n--;
                        }

                        continue;
                    }

                    for (var c = 0; c < comparisons.Count; c++)
                    {
                        var level = table.Compare(c, i, j);
                        if (level != Comparison.NoEvidence)
                        {
                            local[c][level]++;
                        }
                    }
                }

                partial[chunk] = local;
            });
            foreach (var local in partial)
            {
                for (var c = 0; c < comparisons.Count; c++)
                {
                    for (var l = 0; l < local[c].Length; l++)
                    {
                        counts[c][l] += local[c][l];
                    }
                }
            }
        }

        return [.. counts.Select(levelCounts =>
        {
            var total = levelCounts.Sum();
            return levelCounts.Select(n => (n + 1.0) / (total + levelCounts.Length)).ToArray();
        })];
    }

    /// <summary>Per comparison with a term-frequency value, each value's share of the records that have one.</summary>
    public static IReadOnlyDictionary<string, double>?[] TermFrequencies(IReadOnlyList<MatchRecord> records, IReadOnlyList<Comparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(comparisons);
        var tables = new IReadOnlyDictionary<string, double>?[comparisons.Count];
        for (var c = 0; c < comparisons.Count; c++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var total = 0;
            foreach (var record in records)
            {
                if (comparisons[c].TermFrequencyValue(record) is { } value)
                {
                    counts[value] = counts.GetValueOrDefault(value) + 1;
                    total++;
                }
            }

            if (total > 0)
            {
                tables[c] = counts.ToDictionary(p => p.Key, p => (double)p.Value / total, StringComparer.Ordinal);
            }
        }

        return tables;
    }

    /// <summary>
    /// Estimates m for every comparison by EM over each session's pairs (a comparison's m is the mean over the sessions
    /// that did not fix it; one that every session fixes keeps its starting m), and the prior λ: the matches a session
    /// found, scaled up by the share of true matches its rule could find, over all pairs. With a
    /// <paramref name="partition"/>, sessions learn only from pairs across partitions, and the prior is over those pairs.
    /// </summary>
    public static (double[][] M, double Prior, IReadOnlyList<TrainingReport> Reports) EstimateM(
        IReadOnlyList<MatchRecord> records, IReadOnlyList<Comparison> comparisons, double[][] u, IReadOnlyList<TrainingSession> sessions, int maxBlockSize, int maxIterations = 40,
        int[]? partition = null, int maxPairs = 1_000_000, FeatureTable? table = null, int[]? rows = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentNullException.ThrowIfNull(u);
        ArgumentNullException.ThrowIfNull(sessions);
        if (table is null)
        {
            table = FeatureTable.Build(records, comparisons);
            rows = null;
        }

        var sums = comparisons.Select(c => new double[c.Levels.Count]).ToArray();
        var estimates = new int[comparisons.Count];
        var reports = new List<TrainingReport>();
        var sessionResults = new List<(TrainingSession Session, double[][] M, double Lambda, long Pairs)>();
        foreach (var session in sessions)
        {
            var fixedIndexes = session.Fixed.Select(name => IndexOf(comparisons, name)).Where(i => i >= 0).ToHashSet();
            var candidates = CandidatePairs.Generate(records, [session.Rule], maxBlockSize, partition);
            if (candidates.Pairs.Length == 0)
            {
                reports.Add(new TrainingReport(session.Name, 0, 0, 0));
                continue;
            }

            // EM learns m from the share of pairs at each level; a million pairs estimate those shares as well as every
            // pair would, at a fraction of the cost. The sample is an even stride through the sorted pairs.
            var patterns = Patterns(table, comparisons.Count, Sample(candidates.Pairs, maxPairs), rows);
            var m = comparisons.Select(c => c.StartingM.ToArray()).ToArray();
            var (lambda, iterations) = Expectation(patterns, comparisons.Count, m, u, fixedIndexes, maxIterations);
            reports.Add(new TrainingReport(session.Name, candidates.Pairs.Length, iterations, lambda));
            sessionResults.Add((session, m, lambda, candidates.Pairs.Length));
            for (var c = 0; c < comparisons.Count; c++)
            {
                if (fixedIndexes.Contains(c))
                {
                    continue;
                }

                for (var l = 0; l < m[c].Length; l++)
                {
                    sums[c][l] += m[c][l];
                }

                estimates[c]++;
            }
        }

        var result = new double[comparisons.Count][];
        for (var c = 0; c < comparisons.Count; c++)
        {
            result[c] = estimates[c] == 0 ? [.. comparisons[c].StartingM] : [.. sums[c].Select(s => s / estimates[c])];
        }

        return (result, Prior(records, comparisons, result, sessionResults, CandidatePairs.PossiblePairs(records.Count, partition)), reports);
    }

    // λ from the first session: its matches are those true matches that agree exactly on the fixed comparisons, so the
    // total is its matches over the chance a true match agrees exactly on all of them (both values present, then level 0).
    private static double Prior(IReadOnlyList<MatchRecord> records, IReadOnlyList<Comparison> comparisons, double[][] m, List<(TrainingSession Session, double[][] M, double Lambda, long Pairs)> sessions, long all)
    {
        if (sessions.Count == 0 || all == 0)
        {
            return 1e-4;
        }

        var (session, _, lambda, pairs) = sessions[0];
        var found = lambda * pairs;
        var reach = 1.0;
        foreach (var name in session.Fixed)
        {
            var c = IndexOf(comparisons, name);
            if (c < 0)
            {
                continue;
            }

            var present = records.Count(r => session.Rule.Key(r) is not null) / (double)records.Count;
            reach *= m[c][0];
            reach *= Math.Sqrt(present);
        }

        var prior = found / Math.Max(reach, 1e-3) / all;
        return Math.Clamp(prior, 1e-9, 0.5);
    }

    private static int IndexOf(IReadOnlyList<Comparison> comparisons, string name)
    {
        for (var i = 0; i < comparisons.Count; i++)
        {
            if (string.Equals(comparisons[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static long[] Sample(long[] pairs, int maxPairs)
    {
        if (pairs.Length <= maxPairs)
        {
            return pairs;
        }

        var sample = new long[maxPairs];
        var stride = (double)pairs.Length / maxPairs;
        for (var i = 0; i < maxPairs; i++)
        {
            sample[i] = pairs[(long)(i * stride)];
        }

        return sample;
    }

    /// <summary>The distinct level patterns of the pairs, with how many pairs have each.</summary>
    private static List<(sbyte[] Levels, long Count)> Patterns(FeatureTable table, int comparisonCount, long[] pairs, int[]? rows)
    {
        var counts = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, pairs.Length, 4096), range =>
        {
            var local = new Dictionary<string, long>(StringComparer.Ordinal);
            Span<char> key = stackalloc char[comparisonCount];
            for (var p = range.Item1; p < range.Item2; p++)
            {
                var left = CandidatePairs.Left(pairs[p]);
                var right = CandidatePairs.Right(pairs[p]);
                if (rows is not null)
                {
                    (left, right) = (rows[left], rows[right]);
                }

                for (var c = 0; c < comparisonCount; c++)
                {
                    key[c] = (char)('0' + 1 + table.Compare(c, left, right));
                }

                var text = new string(key);
                local[text] = local.GetValueOrDefault(text) + 1;
            }

            foreach (var (text, count) in local)
            {
                counts.AddOrUpdate(text, count, (_, existing) => existing + count);
            }
        });

        // Sorted, so that the sums below run in one order whatever the threads did.
        return [.. counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key.Select(ch => (sbyte)(ch - '0' - 1)).ToArray(), p.Value))];
    }

    private static (double Lambda, int Iterations) Expectation(List<(sbyte[] Levels, long Count)> patterns, int comparisonCount, double[][] m, double[][] u, HashSet<int> fixedIndexes, int maxIterations)
    {
        var starting = m.Select(levels => levels.ToArray()).ToArray();
        var lambda = 0.1;
        var iteration = 0;
        while (iteration < maxIterations)
        {
            iteration++;
            var matchTotal = 0.0;
            var pairTotal = 0.0;
            var mCounts = m.Select(levels => new double[levels.Length]).ToArray();
            var mTotals = new double[comparisonCount];
            foreach (var (levels, count) in patterns)
            {
                var logMatch = Math.Log(lambda);
                var logOther = Math.Log(1 - lambda);
                for (var c = 0; c < comparisonCount; c++)
                {
                    if (levels[c] < 0 || fixedIndexes.Contains(c))
                    {
                        continue;
                    }

                    logMatch += Math.Log(Math.Max(m[c][levels[c]], MatchModel.MinimumProbability));
                    logOther += Math.Log(Math.Max(u[c][levels[c]], MatchModel.MinimumProbability));
                }

                var posterior = 1 / (1 + Math.Exp(logOther - logMatch));
                matchTotal += posterior * count;
                pairTotal += count;
                for (var c = 0; c < comparisonCount; c++)
                {
                    if (levels[c] >= 0)
                    {
                        mCounts[c][levels[c]] += posterior * count;
                        mTotals[c] += posterior * count;
                    }
                }
            }

            var change = Math.Abs((matchTotal / pairTotal) - lambda);
            lambda = Math.Clamp(matchTotal / pairTotal, 1e-9, 1 - 1e-9);
            for (var c = 0; c < comparisonCount; c++)
            {
                if (fixedIndexes.Contains(c) || mTotals[c] <= 0)
                {
                    continue;
                }

                // A level that too few matches reached to learn from (fewer than MinimumMatches pairs' worth, such as
                // initials-only records, which the sessions' blocks hardly hold) keeps its starting m; the learned
                // levels share the rest. Otherwise a rare level would learn m near 0 and wrongly count as disagreement.
                var sparse = 0.0;
                var learned = 0.0;
                for (var l = 0; l < m[c].Length; l++)
                {
                    if (mCounts[c][l] < MinimumMatches)
                    {
                        sparse += starting[c][l];
                    }
                    else
                    {
                        learned += mCounts[c][l];
                    }
                }

                // But the levels the matches were seen in hold at least half the mass: in a small file most levels are
                // sparse, and their starting guesses must not outweigh what the data showed (30 identical pairs kept
                // only 8 % of m on the postcode they all share, because "same property" started at 60 %).
                var sparseScale = sparse > 0.5 && learned > 0 ? 0.5 / sparse : 1;
                for (var l = 0; l < m[c].Length; l++)
                {
                    var next = learned <= 0 ? starting[c][l]
                        : mCounts[c][l] < MinimumMatches ? starting[c][l] * sparseScale
                        : (1 - (sparse * sparseScale)) * mCounts[c][l] / learned;
                    change = Math.Max(change, Math.Abs(next - m[c][l]));
                    m[c][l] = next;
                }
            }

            if (change < 1e-6)
            {
                break;
            }
        }

        return (lambda, iteration);
    }
}

/// <summary>A small, fast, deterministic generator (SplitMix64), so that sampling repeats exactly for a seed.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public int Next(int exclusiveMax) => (int)(NextULong() % (ulong)exclusiveMax);
}
