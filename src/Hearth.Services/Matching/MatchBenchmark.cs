using System.Diagnostics;
using Hearth.Core.Matching;
using Hearth.Services.Persistence;

namespace Hearth.Services.Matching;

/// <summary>What <see cref="MatchBenchmark.Run"/> measured.</summary>
/// <param name="Records">Person records linked.</param>
/// <param name="ReadSeconds">Reading them from the store (not part of linking).</param>
/// <param name="LinkSeconds">Training, blocking, scoring and clustering, end to end.</param>
/// <param name="Stages">Seconds per linking stage.</param>
/// <param name="CandidatePairs">Pairs scored.</param>
/// <param name="PairsPerSecondPerCore">Scored pairs per second of the scoring stage, per core.</param>
/// <param name="Clusters">Golden records (clusters) found.</param>
/// <param name="PeakWorkingSetBytes">The process's peak working set, the records in memory included.</param>
/// <param name="ResolveMilliseconds">Each held-out record's resolution against all the others, in milliseconds, sorted.</param>
/// <param name="ResolvedWhereTheFullRunPutThem">The share of held-out records that joined the records the full run put them with.</param>
public sealed record MatchBenchmarkResult(
    long Records,
    double ReadSeconds,
    double LinkSeconds,
    IReadOnlyDictionary<string, double> Stages,
    long CandidatePairs,
    double PairsPerSecondPerCore,
    long Clusters,
    long PeakWorkingSetBytes,
    IReadOnlyList<double> ResolveMilliseconds,
    double ResolvedWhereTheFullRunPutThem)
{
    /// <summary>A percentile of the resolution times (0 to 100).</summary>
    public double ResolvePercentile(double percent) =>
        ResolveMilliseconds.Count == 0 ? 0 : ResolveMilliseconds[Math.Min(ResolveMilliseconds.Count - 1, (int)Math.Ceiling(percent / 100 * ResolveMilliseconds.Count) - 1)];
}

/// <summary>
/// Measures entity resolution at scale on a store's person records: a full link (training, blocking, scoring,
/// clustering), then each of a sample of held-out records resolved one at a time against all the others with
/// <see cref="IncrementalResolver"/>. For <c>hearth bench match</c>; figures go in the README, never in a test.
/// </summary>
public static class MatchBenchmark
{
    public static MatchBenchmarkResult Run(StoreLocation store, NameEquivalents equivalents, LinkSettings settings, int holdOut, int seed, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        progress?.Report("reading person records");
        List<MatchRecord> records;
        using (var connection = store.Open())
        {
            records = [.. PersonRecordReader.Current(connection).Select(p => p.ToMatchRecord())];
        }

        var readSeconds = clock.Elapsed.TotalSeconds;
        GC.Collect();

        clock.Restart();
        var comparisons = MatchService.Comparisons(equivalents);
        var link = Linker.Link(records, comparisons, BlockingRule.ForPeople, TrainingSession.ForPeople, settings, progress: progress);
        var linkSeconds = clock.Elapsed.TotalSeconds;
        var scoring = link.Seconds.GetValueOrDefault("scoring");
        var pairsPerSecondPerCore = scoring > 0 ? link.CandidatePairs / scoring / Environment.ProcessorCount : 0;

        // Hold out a seeded sample; index every other record under its full-run cluster, then resolve the sample.
        progress?.Report($"resolving {holdOut:N0} held-out records one at a time");
        var random = new Random(seed);
        var held = new HashSet<int>();
        while (held.Count < Math.Min(holdOut, link.Records.Count / 2))
        {
            held.Add(random.Next(link.Records.Count));
        }

        var resolver = new IncrementalResolver(link.Model, BlockingRule.ForPeople, settings, nextGoldenId: link.Records.Count + 1);
        var mateInCluster = new Dictionary<int, int>();
        for (var i = 0; i < link.Records.Count; i++)
        {
            if (!held.Contains(i))
            {
                resolver.Add(link.Records[i], link.ClusterOf[i] + 1);
                mateInCluster.TryAdd(link.ClusterOf[i], i);
            }
        }

        // A first few resolutions compile the code paths; they are not what a running service sees.
        var order = held.Order().ToList();
        var milliseconds = new List<double>(order.Count);
        var agreed = 0;
        var measured = 0;
        foreach (var index in order)
        {
            var started = Stopwatch.GetTimestamp();
            var result = resolver.Resolve(link.Records[index]);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (measured++ >= 20)
            {
                milliseconds.Add(elapsed);
            }

            // Agreement: the record's cluster in the full run had other members outside the sample; it joined theirs.
            agreed += !mateInCluster.TryGetValue(link.ClusterOf[index], out var mate)
                ? result.Outcome == ResolveOutcome.Created ? 1 : 0
                : resolver.GoldenOf(link.Records[mate].SourceKey) == result.GoldenId ? 1 : 0;
        }

        milliseconds.Sort();
        return new MatchBenchmarkResult(
            link.Records.Count, readSeconds, linkSeconds, link.Seconds, link.CandidatePairs, pairsPerSecondPerCore, link.ClusterCount,
            Process.GetCurrentProcess().PeakWorkingSet64, milliseconds, order.Count == 0 ? 1 : (double)agreed / order.Count);
    }
}
