using CsvHelper;
using Dapper;
using Hearth.Core.Matching;
using Hearth.Services.Persistence;

namespace Hearth.Services.Matching;

/// <summary>How the store's golden records compare with a synthetic city's truth.</summary>
/// <param name="Metrics">Pairwise and B-cubed measures over every person record the truth names.</param>
/// <param name="RecordsWithoutTruth">Golden members the truth does not name (there should be none).</param>
/// <param name="FalseMerges">Examples of golden records holding more than one true person: golden id and the people.</param>
/// <param name="MissedPairsInReview">Missed true pairs whose two golden records are in the review queue (of the latest full run and any incremental runs since).</param>
/// <param name="Diagnostics">The recall blocking allows and the recall possible without joining on names alone.</param>
public sealed record CityEvaluation(
    LinkageMetrics Metrics,
    long RecordsWithoutTruth,
    IReadOnlyList<(long GoldenId, IReadOnlyList<string> People)> FalseMerges,
    long MissedPairsInReview,
    TruthDiagnostics Diagnostics);

/// <summary>Compares golden records with truth/source_records.csv of a city made by hearth synth.</summary>
public static class CityTruthEvaluation
{
    public static CityEvaluation Evaluate(StoreLocation store, string truthDirectory, int examples = 20)
    {
        ArgumentNullException.ThrowIfNull(store);
        var truth = SourceTruth(truthDirectory);

        using var connection = store.Open();
        var clusters = new List<long>();
        var people = new List<string>();
        long missing = 0;
        foreach (var (feed, key, slot, golden) in connection.Query<(string, string, string, long)>("SELECT feed, record_key, slot, golden_id FROM golden_members"))
        {
            if (truth.TryGetValue(SourceKeys.Of(feed, slot, key), out var person))
            {
                clusters.Add(golden);
                people.Add(person);
            }
            else
            {
                missing++;
            }
        }

        var reviewed = connection.Query<(long Left, long Right)>(
                "SELECT left_golden_id, right_golden_id FROM match_review WHERE run_id >= (SELECT MAX(id) FROM match_runs WHERE mode = 'full')")
            .Select(r => (Math.Min(r.Left, r.Right), Math.Max(r.Left, r.Right))).ToHashSet();
        var missedInReview = MissedPairsBetween(clusters, people, reviewed);

        var records = PersonRecordReader.Current(connection).Select(p => p.ToMatchRecord()).ToArray();
        Array.Sort(records, static (a, b) => string.CompareOrdinal(a.SourceKey, b.SourceKey));
        var recordTruth = records.Select(r => truth.TryGetValue(r.SourceKey, out var person) ? person : "unknown|" + r.SourceKey).ToList();
        var candidates = CandidatePairs.Generate(records, BlockingRule.ForPeople, new LinkSettings().MaxBlockSize);
        var diagnostics = TruthDiagnostics.Measure(records, recordTruth, candidates.Pairs);

        var merges = clusters.Zip(people).GroupBy(p => p.First)
            .Select(g => (GoldenId: g.Key, People: (IReadOnlyList<string>)[.. g.Select(p => p.Second).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            .Where(g => g.People.Count > 1)
            .OrderByDescending(g => g.People.Count).ThenBy(g => g.GoldenId)
            .Take(examples)
            .ToList();
        return new CityEvaluation(LinkageMetrics.Compute(clusters, people), missing, merges, missedInReview, diagnostics);
    }

    /// <summary>truth/source_records.csv: the true person of every (feed, record key, slot), keyed by <see cref="SourceKeys.Of"/>.</summary>
    internal static Dictionary<string, string> SourceTruth(string truthDirectory)
    {
        var truth = new Dictionary<string, string>(StringComparer.Ordinal);
        using var csv = CsvReader.Create(File.OpenRead(Path.Combine(truthDirectory, "source_records.csv")), CsvReaderOptions.Default with { HasHeader = true, SkipEmptyLines = true }, leaveOpen: false);
        csv.ReadHeader();
        var header = csv.Headers.ToList();
        int feed = header.IndexOf("feed"), key = header.IndexOf("record_key"), slot = header.IndexOf("slot"), person = header.IndexOf("person_id");
        while (csv.Read())
        {
            truth[SourceKeys.Of(csv.GetString(feed), csv.GetString(slot), csv.GetString(key))] = csv.GetString(person);
        }

        return truth;
    }

    /// <summary>True pairs split between two golden records that the review queue asks about.</summary>
    private static long MissedPairsBetween(List<long> clusters, List<string> people, HashSet<(long, long)> reviewed)
    {
        long missed = 0;
        foreach (var person in clusters.Zip(people).GroupBy(p => p.Second, StringComparer.Ordinal))
        {
            var sizes = person.GroupBy(p => p.First).Select(g => (Golden: g.Key, Count: (long)g.Count())).ToList();
            for (var a = 0; a < sizes.Count; a++)
            {
                for (var b = a + 1; b < sizes.Count; b++)
                {
                    var key = (Math.Min(sizes[a].Golden, sizes[b].Golden), Math.Max(sizes[a].Golden, sizes[b].Golden));
                    if (reviewed.Contains(key))
                    {
                        missed += sizes[a].Count * sizes[b].Count;
                    }
                }
            }
        }

        return missed;
    }
}
