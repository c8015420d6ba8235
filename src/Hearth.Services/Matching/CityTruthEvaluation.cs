using CsvHelper;
using Dapper;
using Hearth.Core.Matching;
using Hearth.Services.Persistence;

namespace Hearth.Services.Matching;

/// <summary>How the store's golden records compare with a synthetic city's truth.</summary>
/// <param name="Metrics">Pairwise and B-cubed measures over every person record the truth names.</param>
/// <param name="RecordsWithoutTruth">Golden members the truth does not name (there should be none).</param>
/// <param name="FalseMerges">Examples of golden records holding more than one true person: golden id and the people.</param>
public sealed record CityEvaluation(LinkageMetrics Metrics, long RecordsWithoutTruth, IReadOnlyList<(long GoldenId, IReadOnlyList<string> People)> FalseMerges);

/// <summary>Compares golden records with truth/source_records.csv of a city made by hearth synth.</summary>
public static class CityTruthEvaluation
{
    public static CityEvaluation Evaluate(StoreLocation store, string truthDirectory, int examples = 20)
    {
        ArgumentNullException.ThrowIfNull(store);
        var truth = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var csv = CsvReader.Create(File.OpenRead(Path.Combine(truthDirectory, "source_records.csv")), CsvReaderOptions.Default with { HasHeader = true, SkipEmptyLines = true }, leaveOpen: false))
        {
            csv.ReadHeader();
            var header = csv.Headers.ToList();
            int feed = header.IndexOf("feed"), key = header.IndexOf("record_key"), slot = header.IndexOf("slot"), person = header.IndexOf("person_id");
            while (csv.Read())
            {
                truth[SourceKeys.Of(csv.GetString(feed), csv.GetString(slot), csv.GetString(key))] = csv.GetString(person);
            }
        }

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

        var merges = clusters.Zip(people).GroupBy(p => p.First)
            .Select(g => (GoldenId: g.Key, People: (IReadOnlyList<string>)[.. g.Select(p => p.Second).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
            .Where(g => g.People.Count > 1)
            .OrderByDescending(g => g.People.Count).ThenBy(g => g.GoldenId)
            .Take(examples)
            .ToList();
        return new CityEvaluation(LinkageMetrics.Compute(clusters, people), missing, merges);
    }
}
